import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { CLIENT_PATH, ICON_PATH, SCRIPTS_PATH, STYLESHEET_PATH } from "./asset-paths.ts";
import { ICON_SVG, STYLESHEET } from "./stylesheet.ts";

/** A static file of the web UI, held in memory. */
export interface WebAsset {
  body: string;
  contentType: string;
  /** Strong validator: a hash of the body. */
  etag: string;
}

/** The web UI's static files by URL path. */
export interface WebAssets {
  /** The file served at `path`, or undefined. Throws when the page scripts were never built. */
  get(path: string): Promise<WebAsset | undefined>;
}

/**
 * The page scripts as `tsc -b` compiles them. This module sits two levels below the package root
 * both as source (`src/web/`, under vitest and tsx) and compiled (`dist/web/`), so one relative URL
 * finds the compiled scripts from either.
 */
const SCRIPTS_DIRECTORY = new URL("../../dist/web/browser/", import.meta.url);

/** The page scripts import the SDK by its package name; browsers load it from where Reelay serves it. */
const CLIENT_IMPORT = /(\bfrom\s*)"@reelay\/client"/g;
const CLIENT_ENTRY = `${CLIENT_PATH}index.js`;

const JAVASCRIPT = "text/javascript; charset=utf-8";

function asset(body: string, contentType: string): WebAsset {
  return { body, contentType, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

/** The folder of the installed `@reelay/client` build (its files are ES modules with relative imports). */
function clientDirectory(): URL {
  return new URL(".", pathToFileURL(createRequire(import.meta.url).resolve("@reelay/client")));
}

async function readModules(
  directory: URL,
  urlPrefix: string,
  transform: (code: string) => string,
): Promise<Array<[string, WebAsset]>> {
  const names = (await readdir(directory)).filter((name) => name.endsWith(".js"));
  return Promise.all(
    names.map(async (name): Promise<[string, WebAsset]> => {
      const code = await readFile(new URL(name, directory), "utf8");
      return [`${urlPrefix}${name}`, asset(transform(code), JAVASCRIPT)];
    }),
  );
}

async function loadAssets(): Promise<Map<string, WebAsset>> {
  const scripts = await readModules(SCRIPTS_DIRECTORY, SCRIPTS_PATH, (code) =>
    code.replace(CLIENT_IMPORT, `$1"${CLIENT_ENTRY}"`),
  ).catch((error: unknown) => {
    throw new Error("The web UI's scripts are not built; run `npm run build` first.", { cause: error });
  });
  const client = await readModules(clientDirectory(), CLIENT_PATH, (code) => code);
  return new Map([
    [STYLESHEET_PATH, asset(STYLESHEET, "text/css; charset=utf-8")],
    [ICON_PATH, asset(ICON_SVG, "image/svg+xml")],
    ...scripts,
    ...client,
  ]);
}

/** Reads the files once, on first use; a failed read is tried again on the next request. */
export function createWebAssets(): WebAssets {
  let loading: Promise<Map<string, WebAsset>> | undefined;
  return {
    async get(path) {
      loading ??= loadAssets().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).get(path);
    },
  };
}
