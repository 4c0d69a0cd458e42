import { describe, expect, it } from "vitest";
import { POLLO_VECTOR as VECTOR } from "../shared/test-support/callback-vectors.ts";
import { inboundCallback, polloCallback, withoutHeader } from "../shared/test-support/inbound-callback.ts";
import { checkPolloCallback } from "./callback.ts";
import { createPolloProvider } from "./index.ts";

const { secret: SECRET, body: BODY, headers: HEADERS, taskId: TASK_ID } = VECTOR;

/** A callback signed with the secret, with this timestamp header and body. */
const signed = (timestamp: string, body: string) => polloCallback(SECRET, { id: "msg_2", timestamp, body });

describe("checkPolloCallback", () => {
  it("reads the documented test vector: its message id, send time and task", () => {
    expect(checkPolloCallback(inboundCallback(HEADERS, BODY), SECRET)).toEqual({
      ok: true,
      messageId: VECTOR.id,
      sentAtMs: 1_764_000_000_000,
      taskIds: [TASK_ID],
    });
  });

  it("is unsigned without the signature headers and forged when the body was changed", () => {
    const unsignedHeaders = withoutHeader(HEADERS, "X-Webhook-Signature");
    expect(checkPolloCallback(inboundCallback(unsignedHeaders, BODY), SECRET)).toMatchObject({
      ok: false,
      reason: "unsigned",
    });
    const changed = BODY.replace(TASK_ID, "cm3xk2p9a0002pollo");
    expect(checkPolloCallback(inboundCallback(HEADERS, changed), SECRET)).toMatchObject({
      ok: false,
      reason: "forged",
    });
  });

  it("is malformed when signed but without a task id or a readable timestamp", () => {
    for (const body of ['{"status":"succeed"}', '{"taskId":""}', "not json"]) {
      expect(checkPolloCallback(signed("1764000000", body), SECRET), body).toMatchObject({
        ok: false,
        reason: "malformed",
        message: expect.stringMatching(/task/),
      });
    }
    for (const timestamp of ["soon", "", "1764000000.5"]) {
      expect(checkPolloCallback(signed(timestamp, BODY), SECRET), timestamp).toMatchObject({
        ok: false,
        reason: "malformed",
        message: expect.stringMatching(/timestamp/),
      });
    }
  });

  it("reads a 13-digit timestamp as milliseconds (the unit is unverified)", () => {
    expect(checkPolloCallback(signed("1764000000123", BODY), SECRET)).toMatchObject({ sentAtMs: 1_764_000_000_123 });
  });
});

describe("Pollo adapter callbacks", () => {
  it("checks callbacks only with a webhook secret, and names tasks by Pollo's task id", () => {
    expect(createPolloProvider({ apiKey: "key" }).parseCallback).toBeUndefined();
    expect(createPolloProvider({ apiKey: "key", webhookSecret: " " }).parseCallback).toBeUndefined();
    const adapter = createPolloProvider({ apiKey: "key", webhookSecret: SECRET });
    expect(adapter.parseCallback?.(inboundCallback(HEADERS, BODY))).toMatchObject({ ok: true });
    const task = { taskId: TASK_ID, api: "legacy", route: "google/veo3-fast" };
    expect(adapter.upstreamId?.(task)).toBe(TASK_ID);
    expect(adapter.upstreamId?.({ taskId: "../other" })).toBeNull();
  });
});
