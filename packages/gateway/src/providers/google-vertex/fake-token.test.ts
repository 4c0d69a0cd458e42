import { describe, expect, it } from "vitest";
import { generateServiceAccountKey, SERVICE_ACCOUNT_EMAIL, signAssertion } from "./test-support/service-account.ts";
import { errorOf, setUp, TEXT } from "./test-support/vertex-fake-client.ts";

describe("Vertex fake: token endpoint", () => {
  const now = 1_800_000_000;
  const claims = {
    iss: SERVICE_ACCOUNT_EMAIL,
    scope: "https://www.googleapis.com/auth/cloud-platform",
    aud: "https://oauth2.googleapis.com/token",
    iat: now,
    exp: now + 3600,
  };
  const grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  const key = generateServiceAccountKey();

  it("exchanges a signed JWT for a bearer token that Vertex then accepts, until it expires", async () => {
    const { token, create, clock } = setUp({ serviceAccounts: { [SERVICE_ACCOUNT_EMAIL]: key.publicKeyPem } });
    const response = await token({ grant_type: grant, assertion: signAssertion(key.privateKeyPem, claims) });
    const issued = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(issued).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3599, token_type: "Bearer" });
    expect(
      (await create("veo-3.1-generate-001", TEXT, { authorization: `Bearer ${issued.access_token}` })).status,
    ).toBe(200);
    clock.nowMs += 3_600_000;
    const expired = await create("veo-3.1-generate-001", TEXT, { authorization: `Bearer ${issued.access_token}` });
    expect(await errorOf(expired)).toMatchObject({ code: 401, details: [{ reason: "ACCESS_TOKEN_EXPIRED" }] });
  });

  it("refuses bad signatures, unknown accounts, stale or long-lived JWTs, wrong scopes and grant types", async () => {
    const { token } = setUp({ serviceAccounts: { [SERVICE_ACCOUNT_EMAIL]: key.publicKeyPem } });
    const other = generateServiceAccountKey();
    const refusal = async (form: Record<string, string>) => {
      const response = await token(form);
      expect(response.status).toBe(400);
      return (await response.json()) as { error: string; error_description: string };
    };
    expect(await refusal({ grant_type: grant, assertion: signAssertion(other.privateKeyPem, claims) })).toEqual({
      error: "invalid_grant",
      error_description: "Invalid JWT Signature.",
    });
    expect(
      await refusal({ grant_type: grant, assertion: signAssertion(key.privateKeyPem, { ...claims, iss: "x@y" }) }),
    ).toMatchObject({
      error_description: "Invalid grant: account not found",
    });
    expect(
      await refusal({ grant_type: grant, assertion: signAssertion(key.privateKeyPem, { ...claims, exp: now + 7200 }) }),
    ).toMatchObject({
      error_description: /short-lived token/,
    });
    expect(
      await refusal({
        grant_type: grant,
        assertion: signAssertion(key.privateKeyPem, { ...claims, iat: now - 7200, exp: now - 3600 }),
      }),
    ).toMatchObject({
      error_description: /short-lived token/,
    });
    expect(
      await refusal({ grant_type: grant, assertion: signAssertion(key.privateKeyPem, { ...claims, scope: "openid" }) }),
    ).toMatchObject({
      error: "invalid_scope",
    });
    expect(
      await refusal({
        grant_type: grant,
        assertion: signAssertion(key.privateKeyPem, { ...claims, aud: "https://elsewhere/token" }),
      }),
    ).toMatchObject({
      error_description: /Invalid audience/,
    });
    expect(await refusal({ grant_type: "client_credentials" })).toMatchObject({ error: "unsupported_grant_type" });
  });
});
