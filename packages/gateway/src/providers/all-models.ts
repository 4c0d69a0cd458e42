import type { ModelSpec } from "../core/model-spec.ts";
import { googleVertexModels } from "./google-vertex/models.ts";
import { googleModels } from "./google/models.ts";
import { localModels } from "./local/models.ts";
import { openaiModels } from "./openai/models.ts";
import { pixverseModels } from "./pixverse/models.ts";
import { polloModels } from "./pollo/models.ts";
import { runwayModels } from "./runway/models.ts";
import { viduModels } from "./vidu/models.ts";

/** Every model Reelay knows, the built-in local renderer first so that it lists as the default. */
export const ALL_MODEL_SPECS: ModelSpec[] = [
  ...localModels,
  ...googleModels,
  ...googleVertexModels,
  ...runwayModels,
  ...openaiModels,
  ...polloModels,
  ...pixverseModels,
  ...viduModels,
];
