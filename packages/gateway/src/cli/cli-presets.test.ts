import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView, PresetView } from "@reelay/client";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { expectBuiltCli, runReelay } from "./test-support/run-reelay.ts";

describe("the reelay CLI with presets, styles and categories", () => {
  let gateway: TestGateway;
  let server: string[];
  const reelay = (...args: string[]) => runReelay([...server, ...args], gateway.dataDir);

  beforeAll(async () => {
    expectBuiltCli();
    gateway = await startTestGateway();
    server = ["--url", gateway.url];
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("lists presets, styles and categories as tables, with or without `list`", async () => {
    const presets = await reelay("presets");
    expect(presets.code).toBe(0);
    const lines = presets.stdout.split("\n");
    expect(lines[0]).toMatch(/^PRESET\s+BUILT-IN\s+MODEL\s+PARAMETERS\s+STYLE\s+CATEGORY\s+NAME$/);
    expect(lines.find((line) => line.startsWith("quick-preview"))).toMatch(
      /^quick-preview\s+yes\s+local\/preview\s+4s 16:9 720p\s+Quick preview$/,
    );
    expect(lines.find((line) => line.startsWith("cinematic-veo"))).toMatch(/8s 16:9 1080p audio\s+cinematic\s/);

    const styles = await reelay("styles", "list");
    expect(styles.code).toBe(0);
    expect(styles.stdout.split("\n").find((line) => line.startsWith("noir"))).toMatch(
      /^noir\s+yes\s+<prompt>, film noir, .*\s+colour, bright daylight, cheerful mood$/,
    );
    const categories = await reelay("categories");
    expect(categories.stdout).toMatch(/^travel\s+yes\s+Travel\s+Places, cities/m);
  });

  it("prints JSON for scripts", async () => {
    const result = await reelay("--json", "presets");
    expect(result.code).toBe(0);
    const presets = JSON.parse(result.stdout) as PresetView[];
    expect(presets.find((preset) => preset.id === "product-square")).toMatchObject({
      model: "vidu/viduq2",
      category: "products",
      builtIn: true,
    });
  });

  it("generates from a preset with a style and a category, and lists by category and search", async () => {
    const result = await reelay(
      "--json",
      "generate",
      "a paper boat on a pond",
      "--preset",
      "square-loop",
      "--style",
      "watercolor",
      "--category",
      "nature",
      "--duration",
      "1",
      "--out",
      "boat.mp4",
    );
    expect(result.code).toBe(0);
    const job = JSON.parse(result.stdout) as JobView;
    expect(job).toMatchObject({ status: "succeeded", preset: "square-loop", style: "watercolor", category: "nature" });
    expect(job.request).toMatchObject({
      model: "local/preview",
      aspectRatio: "1:1",
      durationSeconds: 1,
      prompt:
        "Watercolor painting: a paper boat on a pond, soft washes of colour, visible paper texture, gentle motion",
    });

    const listed = await reelay("list", "--category", "nature", "--search", "PAPER BOAT");
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n")[0]).toMatch(/^ID\s+STATUS\s+PROGRESS\s+MODEL\s+CATEGORY\s+CREATED\s+PROMPT$/);
    expect(listed.stdout).toContain(job.id);
    expect((await reelay("list", "--category", "travel")).stdout).not.toContain(job.id);

    const shown = await reelay("status", job.id);
    expect(shown.stdout).toMatch(/preset: {3}square-loop\n {2}style: {4}watercolor\n {2}category: nature/);
  });

  it("exits 2 naming the styles there are for an unknown one", async () => {
    const result = await reelay("generate", "x", "--style", "neon");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown style "neon"; available: cinematic, anime, documentary, watercolor, noir');
  });
});
