import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ReelayError } from "../../core/errors.ts";
import type { ModelSpec } from "../../core/model-spec.ts";
import { toModelView, type ModelFacts } from "../model-view.ts";
import { errorBodySchema, modelIdParamsSchema, modelListSchema, modelViewSchema } from "../schemas.ts";
import { jsonResponse } from "../json-response.ts";

export interface ModelRouteDependencies extends ModelFacts {
  models(): ModelSpec[];
  model(id: string): ModelSpec | undefined;
}

export function registerModelRoutes(app: OpenAPIHono, deps: ModelRouteDependencies): void {
  const view = (id: string) => {
    const spec = deps.model(id);
    if (spec === undefined) {
      throw new ReelayError("model_not_found", `No model with id ${id}; GET /api/v1/models lists them all.`);
    }
    return toModelView(spec, deps);
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/models",
      summary: "List every model with its capabilities, price, lifecycle and availability",
      responses: { 200: jsonResponse(modelListSchema, "The catalog") },
    }),
    (c) => c.json({ object: "list" as const, data: deps.models().map((spec) => view(spec.id)) }, 200),
  );

  // Model ids contain a slash (`local/preview`); the route takes the rest of the path so that both
  // `/models/local/preview` and `/models/local%2Fpreview` work.
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/models/{id}",
      summary: "Get one model",
      request: { params: modelIdParamsSchema },
      responses: {
        200: jsonResponse(modelViewSchema, "The model"),
        404: jsonResponse(errorBodySchema, "No such model"),
      },
    }),
    (c) => c.json(view(c.req.valid("param").id), 200),
  );
  app.get("/api/v1/models/:provider/:name", (c) =>
    c.json(view(`${c.req.param("provider")}/${c.req.param("name")}`), 200),
  );
}
