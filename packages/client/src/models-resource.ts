import type { RequestOptions, Transport } from "./transport.ts";
import type { ModelList, ModelView } from "./wire.ts";

/** The `client.models` resource group. */
export interface ModelsResource {
  /** Every model in the catalog, with whether this server can run it now. */
  list(options?: RequestOptions): Promise<ModelList>;
  /** One model by catalog id. */
  get(id: string, options?: RequestOptions): Promise<ModelView>;
}

/** Creates the `models` resource group over a transport. */
export function createModelsResource(transport: Transport): ModelsResource {
  return {
    async list(options = {}) {
      return (await transport.json<ModelList>({ ...options, method: "GET", path: "/api/v1/models" })).data;
    },
    async get(id, options = {}) {
      const path = `/api/v1/models/${encodeURIComponent(id)}`;
      return (await transport.json<ModelView>({ ...options, method: "GET", path })).data;
    },
  };
}
