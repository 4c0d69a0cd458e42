// Worker entry used only when the provider runs from TypeScript sources (Vitest, tsx).
// Node 20 ignores loader flags such as `--import tsx` in a Worker's `execArgv`
// (nodejs/node#47747), so the worker registers tsx itself before loading the real entry.
// Compiled builds start dist/…/render-worker.js directly and never load this file.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
