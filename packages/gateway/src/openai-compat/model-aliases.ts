/** Which models OpenAI clients reach (`REELAY_COMPAT_MODEL_ALIASES`, `REELAY_COMPAT_DEFAULT_MODEL`). */
export interface CompatModelSettings {
  /** Names OpenAI clients send (e.g. `sora-2`) → what they stand for: a Reelay model id. */
  aliases: Record<string, string>;
  /** The model of a create that names none: a Reelay model id or an alias. */
  defaultModel: string;
}

/** The names `model` may take on the OpenAI-compatible API. */
export interface CompatModels {
  /** The Reelay model id `requested` stands for: an alias's target or the name itself; the default when absent. */
  resolve(requested: string | undefined): string;
  /** The aliases' names, to tell callers what they may send. */
  readonly aliasNames: string[];
  /** Every model id the aliases and the default stand for, so startup can check that each exists. */
  readonly targets: string[];
}

export function createCompatModels(settings: CompatModelSettings): CompatModels {
  // A Map, so that names like `constructor` are never looked up on a prototype.
  const aliases = new Map(Object.entries(settings.aliases));
  const resolve = (requested: string | undefined) => {
    const name = requested ?? settings.defaultModel;
    return aliases.get(name) ?? name;
  };
  return {
    resolve,
    aliasNames: [...aliases.keys()],
    targets: [...new Set([...aliases.values(), resolve(undefined)])],
  };
}
