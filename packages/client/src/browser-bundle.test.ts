import { describe, expect, it } from "vitest";
import { buildBrowserBundle, findNodeBuiltins } from "./test-support/build-browser-bundle.ts";

describe("browser bundle", () => {
  it("bundles for the browser without any Node built-in", async () => {
    const bundle = await buildBrowserBundle();
    expect(bundle.code.length).toBeGreaterThan(1000);
    expect(bundle.code).toContain("generateVideoFromText");
    expect(Object.keys(bundle.metafile.inputs).some((path) => path.endsWith("src/index.ts"))).toBe(true);
    expect(findNodeBuiltins(bundle.metafile)).toEqual([]);
    // Whole words: `ArrayBuffer` is a web standard and must not count as Node's `Buffer`.
    expect(bundle.code).not.toMatch(/\bprocess\./);
    expect(bundle.code).not.toMatch(/\bBuffer\b/);
    expect(bundle.code).not.toMatch(/\brequire\(/);
  });

  it("detects Node built-ins in a metafile", () => {
    const metafile = {
      inputs: {
        "src/a.ts": {
          bytes: 1,
          imports: [
            { path: "node:fs", kind: "import-statement" as const },
            { path: "fs/promises", kind: "import-statement" as const },
            { path: "src/b.ts", kind: "import-statement" as const },
          ],
        },
      },
      outputs: {},
    };
    expect(findNodeBuiltins(metafile).toSorted()).toEqual(["fs/promises", "node:fs"]);
  });
});
