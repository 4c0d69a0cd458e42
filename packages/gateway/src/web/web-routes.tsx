/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { ReelayError } from "../core/errors.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import { toModelView, type ModelFacts } from "../http/model-view.ts";
import { ASSETS_PATH } from "./asset-paths.ts";
import { initialModel } from "./browser/model-choices.ts";
import { GalleryPage } from "./gallery-page.tsx";
import { GeneratePage } from "./generate-page.tsx";
import { JobPage } from "./job-page.tsx";
import { createWebAssets } from "./web-assets.ts";

export interface WebRouteDependencies extends ModelFacts {
  models(): ModelSpec[];
  /** Remote providers are simulated: every page says so. */
  sandbox: boolean;
  version: string;
}

/**
 * The web UI: pages rendered here from the catalog, whose scripts then use the API through
 * `@reelay/client` like any other client; and the static files those pages load.
 */
export function registerWebRoutes(app: OpenAPIHono, deps: WebRouteDependencies): void {
  const assets = createWebAssets();
  const catalog = () => deps.models().map((spec) => toModelView(spec, deps));
  const page = (c: Context, body: Child) =>
    c.html(
      <>
        {raw("<!doctype html>")}
        {body}
      </>,
    );
  const frame = { sandbox: deps.sandbox, version: deps.version };

  app.get("/", (c) => {
    const models = catalog();
    const model = initialModel(models, c.req.query("model"));
    if (model === undefined) throw new ReelayError("service_unavailable", "The catalog has no models.");
    return page(c, <GeneratePage models={models} model={model} {...frame} />);
  });

  app.get("/jobs", (c) => {
    const filters = {
      status: c.req.query("status") ?? "",
      model: c.req.query("model") ?? "",
      category: c.req.query("category") ?? "",
      q: c.req.query("q") ?? "",
    };
    return page(c, <GalleryPage models={catalog()} filters={filters} {...frame} />);
  });

  app.get("/jobs/:id", (c) => page(c, <JobPage jobId={c.req.param("id")} {...frame} />));

  app.get(`${ASSETS_PATH}*`, async (c) => {
    const found = await assets.get(c.req.path);
    if (found === undefined) throw new ReelayError("not_found", `No file at ${c.req.path}.`);
    const headers = {
      "Cache-Control": "no-cache",
      ETag: found.etag,
      "X-Content-Type-Options": "nosniff",
    };
    if (c.req.header("if-none-match") === found.etag) return c.body(null, 304, headers);
    return c.body(found.body, 200, { ...headers, "Content-Type": found.contentType });
  });
}
