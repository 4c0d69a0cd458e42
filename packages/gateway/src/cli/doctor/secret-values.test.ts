import { describe, expect, it } from "vitest";
import { secretValues } from "./secret-values.ts";

describe("secretValues", () => {
  it("collects every credential setting and the database password, raw and decoded", () => {
    const secrets = secretValues({
      REELAY_RUNWAY_API_KEY: " key_runway_123 ",
      REELAY_GOOGLE_VERTEX_ACCESS_TOKEN: "ya29.token",
      REELAY_WEBHOOK_SECRET: "whsec_abcdef",
      REELAY_S3_SECRET_ACCESS_KEY: "s3-secret",
      REELAY_DATABASE_URL: "postgres://reelay:p%40ss-word@db:5432/reelay",
      REELAY_PORT: "8787",
      REELAY_HOST: "example.internal",
      OTHER_API_KEY: "not-reelay-setting",
    });
    expect(secrets.toSorted()).toEqual(
      ["key_runway_123", "ya29.token", "whsec_abcdef", "s3-secret", "p%40ss-word", "p@ss-word"].toSorted(),
    );
  });

  it("leaves out values too short to mask without mangling the report", () => {
    expect(secretValues({ REELAY_OPENAI_API_KEY: "x", REELAY_DATABASE_URL: "postgres://u@db/reelay" })).toEqual([]);
  });
});
