import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Reelay, ReelayApiError, type StyleView } from "@reelay/client";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { MAX_CUSTOM_ITEMS } from "./preset-service.ts";

/** The error a call rejected with, failing the test when it did not reject with a Reelay error. */
async function apiError(call: Promise<unknown>): Promise<ReelayApiError> {
  const error = await call.then(
    () => new Error("the call succeeded"),
    (caught: unknown) => caught,
  );
  if (!(error instanceof ReelayApiError)) throw error;
  return error;
}

describe("the presets, styles and categories API", () => {
  let gateway: TestGateway;
  let client: Reelay;
  const post = (path: string, body: unknown) =>
    fetch(`${gateway.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    gateway = await startTestGateway({ REELAY_WORKER: "off" });
    client = new Reelay({ baseUrl: gateway.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("lists the built-in items, read-only and without a creation time", async () => {
    const styles = await client.styles.list();
    expect(styles.object).toBe("list");
    expect(styles.data.map((style) => style.id)).toEqual(["cinematic", "anime", "documentary", "watercolor", "noir"]);
    expect(styles.data[0]).toEqual({
      id: "cinematic",
      name: "Cinematic",
      description: expect.any(String) as string,
      promptPrefix: "",
      promptSuffix: ", cinematic lighting, shallow depth of field, anamorphic 35mm film look",
      negativePrompt: "blurry, low resolution, oversaturated, amateur footage",
      builtIn: true,
      createdAt: null,
    });
    expect((await client.categories.list()).data.map((category) => category.id)).toEqual([
      "nature",
      "people",
      "products",
      "abstract",
      "travel",
    ]);
    expect(await client.presets.get("quick-preview")).toMatchObject({
      model: "local/preview",
      parameters: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p" },
      style: null,
      category: null,
      builtIn: true,
    });
    const readOnly = await apiError(client.categories.delete("nature"));
    expect([readOnly.status, readOnly.code]).toEqual([409, "read_only"]);
  });

  it("creates a style once, answers a repeat with it, refuses a different one under its id, and deletes it", async () => {
    const body = { id: "pastel", name: "Pastel", promptSuffix: ", pastel colours" };
    const created = await post("/api/v1/styles", body);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/api/v1/styles/pastel");
    const view = (await created.json()) as StyleView;
    expect(view).toMatchObject({ id: "pastel", promptPrefix: "", negativePrompt: null, builtIn: false });
    expect(Date.parse(view.createdAt ?? "")).toBeGreaterThan(0);
    expect(await client.styles.get("pastel")).toEqual(view);

    const repeated = await post("/api/v1/styles", body);
    expect(repeated.status).toBe(200);
    expect(await repeated.json()).toEqual(view);
    const taken = await apiError(client.styles.create({ ...body, promptSuffix: ", neon" }));
    expect([taken.status, taken.code]).toEqual([409, "name_taken"]);
    const builtIn = await apiError(client.styles.create({ ...body, id: "noir" }));
    expect([builtIn.status, builtIn.code]).toEqual([409, "name_taken"]);
    expect(builtIn.message).toContain("built-in style");

    expect((await client.styles.list()).data.at(-1)).toEqual(view);
    await client.styles.delete("pastel");
    const gone = await apiError(client.styles.get("pastel"));
    expect([gone.status, gone.code]).toEqual([404, "style_not_found"]);
    expect(gone.message).toContain("available: cinematic, anime, documentary, watercolor, noir");
    expect((await apiError(client.styles.delete("pastel"))).code).toBe("style_not_found");
  });

  it("checks a preset's model and parameters against the catalog and its references", async () => {
    const invalid = await apiError(
      client.presets.create({
        id: "too-long",
        name: "Too long",
        model: "local/preview",
        parameters: { durationSeconds: 7, resolution: "4k" },
        style: "neon",
      }),
    );
    expect([invalid.status, invalid.code]).toEqual([422, "validation_failed"]);
    expect(invalid.issues?.map((issue) => issue.field)).toEqual([
      "style",
      "parameters.durationSeconds",
      "parameters.resolution",
    ]);
    expect(invalid.issues?.[1]?.allowed).toEqual([1, 2, 3, 4, 5, 6, 8, 10, 12]);
    const unknownModel = await apiError(client.presets.create({ id: "acme", name: "Acme", model: "acme/ultra" }));
    expect(unknownModel.issues?.[0]).toMatchObject({ field: "model", code: "unknown_model" });

    // A model that needs an image makes a fine preset: its jobs bring the image.
    const imageOnly = await client.presets.create({
      id: "animate-photo",
      name: "Animate a photo",
      model: "runway/gen4_turbo",
      parameters: { durationSeconds: 5 },
    });
    expect(imageOnly).toMatchObject({ style: null, category: null, builtIn: false });
  });

  it("keeps a style or category that one of your presets uses until the preset is gone", async () => {
    await client.styles.create({ id: "sepia", name: "Sepia", promptSuffix: ", sepia tones" });
    await client.categories.create({ id: "pets", name: "Pets" });
    await client.presets.create({
      id: "pet-film",
      name: "Pet film",
      model: "local/preview",
      style: "sepia",
      category: "pets",
    });
    for (const call of [client.styles.delete("sepia"), client.categories.delete("pets")]) {
      const inUse = await apiError(call);
      expect([inUse.status, inUse.code]).toEqual([409, "in_use"]);
      expect(inUse.message).toContain("pet-film");
    }
    await client.presets.delete("pet-film");
    await client.styles.delete("sepia");
    await client.categories.delete("pets");
  });

  it(`keeps at most ${MAX_CUSTOM_ITEMS} of a tenant's items per kind`, async () => {
    for (let index = 0; index < MAX_CUSTOM_ITEMS; index++) {
      await client.categories.create({ id: `group-${index}`, name: `Group ${index}` });
    }
    const full = await apiError(client.categories.create({ id: "one-more", name: "One more" }));
    expect([full.status, full.code]).toEqual([422, "limit_reached"]);
    expect(full.message).toContain(`${MAX_CUSTOM_ITEMS} categories`);
    expect((await client.styles.create({ id: "still-room", name: "Room", promptPrefix: "Wide shot: " })).id).toBe(
      "still-room",
    );
    await client.categories.delete("group-0");
    expect((await client.categories.create({ id: "one-more", name: "One more" })).id).toBe("one-more");
  });

  it("describes the new routes in the OpenAPI document", async () => {
    const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const kind of ["styles", "categories", "presets"]) {
      expect(Object.keys(document.paths[`/api/v1/${kind}`] ?? {}).toSorted()).toEqual(["get", "post"]);
      expect(Object.keys(document.paths[`/api/v1/${kind}/{id}`] ?? {}).toSorted()).toEqual(["delete", "get"]);
    }
    const listJobs = document.paths["/api/v1/jobs"]?.get as { parameters: Array<{ name: string }> };
    expect(listJobs.parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(["category", "q"]));
  });
});
