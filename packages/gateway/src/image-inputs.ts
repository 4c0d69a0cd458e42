import type { InputImageFacts } from "./core/model-spec.ts";
import type { JobInputs, Warning } from "./core/types.ts";
import type { ImageInputs } from "./jobs/job-service.ts";
import type { ImagePreparer } from "./uploads/image-preparer.ts";
import type { UploadService } from "./uploads/upload-service.ts";

const ROLES = ["image", "lastFrame"] as const;

export function createImageInputs(uploads: UploadService, preparer: ImagePreparer): ImageInputs {
  return {
    async resolve(tenantId, input) {
      const facts: InputImageFacts = {};
      for (const role of ROLES) {
        const given = input[role];
        if (given === undefined) continue;
        const upload = await uploads.resolve(tenantId, given, role);
        facts[role] = { uploadId: upload.id, width: upload.width, height: upload.height, mediaType: upload.mediaType };
      }
      return facts;
    },

    async prepare(tenantId, spec, request) {
      const inputs: JobInputs = {};
      const warnings: Warning[] = [];
      for (const role of ROLES) {
        const reference = request[role];
        if (reference === undefined) continue;
        const upload = await uploads.get(tenantId, reference.uploadId);
        const prepared = await preparer.prepare(upload, spec, request, role);
        inputs[role] = prepared.record;
        warnings.push(...prepared.warnings);
      }
      return { inputs, warnings };
    },
  };
}
