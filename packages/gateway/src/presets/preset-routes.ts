import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { errorBodySchema } from "../http/schemas.ts";
import type { ItemCollection } from "./item-collection.ts";
import { toItemView } from "./item-view.ts";
import {
  categoryViewSchema,
  createCategorySchema,
  createPresetSchema,
  createStyleSchema,
  itemIdParamsSchema,
  listOf,
  presetViewSchema,
  styleViewSchema,
} from "./preset-schemas.ts";
import type { PresetService } from "./preset-service.ts";
import { ITEM_KINDS, type ItemKind, type NamedItem } from "./preset-types.ts";
import { jsonResponse } from "../http/json-response.ts";

export interface PresetRouteDependencies {
  presets: PresetService;
  /** The caller's tenant; one tenant until API keys arrive. */
  tenantOf(request: Request): string;
}

/** What the routes of one kind are made of. */
interface ItemRoutes<T extends NamedItem> {
  kind: ItemKind;
  collection: ItemCollection<T>;
  createSchema: z.ZodType<T>;
  viewSchema: z.ZodType;
  listName: string;
}

/** `GET/POST /api/v1/<kind>s` and `GET/DELETE /api/v1/<kind>s/{id}` for one kind. */
function registerItemRoutes<T extends NamedItem>(
  app: OpenAPIHono,
  tenantOf: (request: Request) => string,
  routes: ItemRoutes<T>,
): void {
  const { kind, collection } = routes;
  const path = `/api/v1/${ITEM_KINDS[kind].plural}`;
  const malformed = { 400: jsonResponse(errorBodySchema, "The request is malformed") };
  const notFound = { 404: jsonResponse(errorBodySchema, `No such ${kind}; the message lists the ids there are`) };

  app.openapi(
    createRoute({
      method: "get",
      path,
      summary: `List ${ITEM_KINDS[kind].plural}: the built-in ones first, then yours, oldest first`,
      responses: { 200: jsonResponse(listOf(routes.viewSchema, routes.listName), `Every ${kind}`) },
    }),
    async (c) => {
      const entries = await collection.list(tenantOf(c.req.raw));
      return c.json({ object: "list" as const, data: entries.map(toItemView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path,
      summary: `Create a ${kind}`,
      description: `Sending the same ${kind} again answers 200 with the existing one.`,
      request: { body: { content: { "application/json": { schema: routes.createSchema } }, required: true } },
      responses: {
        200: jsonResponse(routes.viewSchema, `The same ${kind} already existed`),
        201: jsonResponse(routes.viewSchema, `The ${kind} was created`),
        ...malformed,
        409: jsonResponse(errorBodySchema, "The id is taken by a built-in or a different item of yours"),
        422: jsonResponse(
          errorBodySchema,
          "The item refers to something unknown, does not fit the catalog, or you have too many",
        ),
      },
    }),
    async (c) => {
      const { entry, created } = await collection.create(tenantOf(c.req.raw), c.req.valid("json"));
      c.header("Location", `${path}/${entry.item.id}`);
      return c.json(toItemView(entry), created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${path}/{id}`,
      summary: `Get a ${kind}`,
      request: { params: itemIdParamsSchema },
      responses: { 200: jsonResponse(routes.viewSchema, `The ${kind}`), ...malformed, ...notFound },
    }),
    async (c) => {
      const entry = await collection.get(tenantOf(c.req.raw), c.req.valid("param").id);
      return c.json(toItemView(entry), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${path}/{id}`,
      summary: `Delete one of your ${ITEM_KINDS[kind].plural}`,
      description: "Jobs made with it keep its id. Built-in items and items your presets use cannot be deleted.",
      request: { params: itemIdParamsSchema },
      responses: {
        204: { description: "Deleted" },
        ...malformed,
        ...notFound,
        409: jsonResponse(errorBodySchema, "It is built in, or one of your presets uses it"),
      },
    }),
    async (c) => {
      await collection.delete(tenantOf(c.req.raw), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}

/** The routes of styles, categories and presets, which `http/app.ts` registers. */
export function registerPresetRoutes(app: OpenAPIHono, deps: PresetRouteDependencies): void {
  const { styles, categories, presets } = deps.presets;
  registerItemRoutes(app, deps.tenantOf, {
    kind: "style",
    collection: styles,
    createSchema: createStyleSchema,
    viewSchema: styleViewSchema,
    listName: "StyleList",
  });
  registerItemRoutes(app, deps.tenantOf, {
    kind: "category",
    collection: categories,
    createSchema: createCategorySchema,
    viewSchema: categoryViewSchema,
    listName: "CategoryList",
  });
  registerItemRoutes(app, deps.tenantOf, {
    kind: "preset",
    collection: presets,
    createSchema: createPresetSchema,
    viewSchema: presetViewSchema,
    listName: "PresetList",
  });
}
