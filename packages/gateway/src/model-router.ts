import type { Catalog } from "./catalog/catalog.ts";
import type { InputImageFacts, ModelSpec, RequestCheck } from "./core/model-spec.ts";
import type { JobRequestInput, ProviderId, ValidationIssue } from "./core/types.ts";
import type { ProviderAdapter } from "./providers/provider.ts";

/** The catalog joined with the adapters this server runs: what can run, and who runs it. */
export interface ModelRouter {
  /** Why this server cannot run `spec` now, or null when it can. */
  unavailableReason(spec: ModelSpec): string | null;
  /** The `providerOptions` the model's adapter takes, with their values; empty when it takes none. */
  providerOptionValues(spec: ModelSpec): Record<string, string[]>;
  /** The catalog's verdict plus the adapter's on `providerOptions`, every problem together. */
  checkRequest(input: JobRequestInput, images: InputImageFacts): RequestCheck;
  /** The spec and adapter of a model, or null when it cannot run here. */
  resolveModel(modelId: string): { spec: ModelSpec; adapter: ProviderAdapter } | null;
  closeAll(): Promise<void>;
}

export function createModelRouter(catalog: Catalog, adapters: Map<ProviderId, ProviderAdapter>): ModelRouter {
  function providerOptionIssues(spec: ModelSpec, providerOptions: Record<string, unknown>): ValidationIssue[] {
    if (Object.keys(providerOptions).length === 0) return [];
    const adapter = adapters.get(spec.provider);
    if (adapter?.checkProviderOptions) return adapter.checkProviderOptions(providerOptions, spec);
    return [
      {
        field: "providerOptions",
        code: "unsupported_field",
        message: `${spec.id} takes no provider options; remove ${Object.keys(providerOptions).join(", ")}.`,
      },
    ];
  }

  return {
    unavailableReason(spec) {
      if (spec.lifecycle.status === "retired") {
        const replacement = spec.lifecycle.replacement ? `; use ${spec.lifecycle.replacement}` : "";
        return `retired${spec.lifecycle.since ? ` on ${spec.lifecycle.since}` : ""}${replacement}`;
      }
      const adapter = adapters.get(spec.provider);
      if (adapter === undefined) return `the ${spec.provider} adapter is not part of this version of Reelay yet`;
      return adapter.unavailableReason();
    },

    providerOptionValues(spec) {
      return adapters.get(spec.provider)?.providerOptionValues?.(spec) ?? {};
    },

    checkRequest(input, images) {
      const check = catalog.validate(input, images);
      const spec = check.ok ? check.spec : catalog.get(input.model);
      const issues = spec === undefined ? [] : providerOptionIssues(spec, input.providerOptions ?? {});
      if (issues.length === 0) return check;
      return check.ok ? { ok: false, issues } : { ...check, issues: [...check.issues, ...issues] };
    },

    resolveModel(modelId) {
      const spec = catalog.get(modelId);
      const adapter = spec && adapters.get(spec.provider);
      return spec && adapter ? { spec, adapter } : null;
    },

    async closeAll() {
      await Promise.all([...adapters.values()].map((adapter) => adapter.close?.()));
    },
  };
}
