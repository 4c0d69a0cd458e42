import { ReelayApiError } from "@reelay/client";
import { describe, expect, it } from "vitest";
import { describeFailure } from "./cli-error.ts";
import { EXIT } from "./exit-codes.ts";

describe("describeFailure", () => {
  it("treats a server that cannot be reached or does not answer as unreachable, with a hint", () => {
    const down = new ReelayApiError({
      status: 0,
      code: "network_error",
      message: "Cannot reach Reelay at http://127.0.0.1:9 (GET /api/v1/models): connect ECONNREFUSED 127.0.0.1:9",
    });
    expect(describeFailure(down)).toEqual({
      message:
        "Cannot reach Reelay at http://127.0.0.1:9 (GET /api/v1/models): connect ECONNREFUSED 127.0.0.1:9. Is `reelay serve` running?",
      exitCode: EXIT.unreachable,
    });
    const hung = new ReelayApiError({
      status: 0,
      code: "timeout",
      message: "GET /api/v1/models got no answer from Reelay at http://127.0.0.1:8787 within 60000 ms.",
    });
    expect(describeFailure(hung)).toEqual({
      message:
        "GET /api/v1/models got no answer from Reelay at http://127.0.0.1:8787 within 60000 ms. Is `reelay serve` running?",
      exitCode: EXIT.unreachable,
    });
  });

  it("tells refusals (4xx, with each issue) from server failures (5xx)", () => {
    const refused = new ReelayApiError({
      status: 422,
      code: "validation_failed",
      message: "Invalid request.",
      issues: [{ field: "durationSeconds", code: "unsupported_value", message: "allowed: 1 s, 2 s" }],
    });
    expect(describeFailure(refused)).toEqual({
      message: "Reelay refused the request (validation_failed):\n  - durationSeconds: allowed: 1 s, 2 s",
      exitCode: EXIT.rejected,
    });
    const broken = new ReelayApiError({ status: 503, code: "service_unavailable", message: "Shutting down." });
    expect(describeFailure(broken)).toEqual({ message: "Shutting down.", exitCode: EXIT.unreachable });
  });
});
