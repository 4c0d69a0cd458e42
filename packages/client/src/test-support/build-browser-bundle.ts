import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

/** The SDK bundled as one browser ES module. */
export interface BrowserBundle {
  /** The module's JavaScript. */
  code: string;
  /** esbuild's record of every input and import, to check what went in. */
  metafile: Metafile;
}

const ENTRY_POINT = fileURLToPath(new URL("../index.ts", import.meta.url));

/**
 * Bundles `@reelay/client` for browsers, as a page would load it. Tests here check that no Node
 * built-in sneaks in; the gateway's browser tests load the result in Chromium.
 */
export async function buildBrowserBundle(): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [ENTRY_POINT],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (result.errors.length > 0 || output === undefined) {
    throw new Error(`esbuild failed: ${result.errors.map((error) => error.text).join("; ")}`);
  }
  return { code: output.text, metafile: result.metafile };
}

/** Inputs and imports of a bundle that name a Node built-in module (`node:fs`, `fs`, `fs/promises` …). */
export function findNodeBuiltins(metafile: Metafile): string[] {
  const builtins = new Set(builtinModules);
  const isBuiltin = (specifier: string) =>
    specifier.startsWith("node:") || builtins.has(specifier) || builtins.has(specifier.split("/")[0] ?? "");
  const found = new Set<string>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (isBuiltin(path)) found.add(path);
    for (const imported of input.imports) if (isBuiltin(imported.path)) found.add(imported.path);
  }
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (isBuiltin(imported.path)) found.add(imported.path);
  }
  return [...found];
}
