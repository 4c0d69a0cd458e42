import { describe, expect, it } from "vitest";
import { makeModel } from "../../../../client/src/test-support/make-model.ts";
import { initialModel, listChoices, modelFacts, modelLabel, providerLabel, takesPart } from "./model-choices.ts";

const local = makeModel({ id: "local/preview", provider: "local", label: "Local", pricePerSecondUsd: 0 });
const veo = makeModel({
  id: "google/veo",
  provider: "google",
  label: "Veo",
  durationsSeconds: [4, 6, 8],
  negativePrompt: true,
  lifecycle: { status: "deprecated", since: "2026-01-01", replacement: "google-vertex/veo", note: "Moving." },
});
const retired = makeModel({
  id: "google/old",
  provider: "google",
  label: "Old",
  lifecycle: { status: "retired" },
  available: false,
  unavailableReason: "retired",
});

describe("what the generate form offers for a model", () => {
  it("offers exactly the model's values, labelled", () => {
    expect(listChoices(veo, "durationSeconds")).toEqual([
      { value: "4", label: "4 s" },
      { value: "6", label: "6 s" },
      { value: "8", label: "8 s" },
    ]);
    expect(listChoices(veo, "aspectRatio").map((choice) => choice.value)).toEqual(["16:9", "9:16"]);
    expect(takesPart(veo, "negativePrompt")).toBe(true);
    expect(takesPart(veo, "seed")).toBe(false);
    expect(takesPart(veo, "audio")).toBe(false);
  });

  it("names price, lifecycle and availability in the pickers", () => {
    expect(modelLabel(local)).toBe("Local — free");
    expect(modelLabel(veo)).toBe("Veo — $0.10/s (deprecated)");
    expect(modelLabel(retired)).toBe("Old — $0.10/s (retired, unavailable here)");
    expect(providerLabel([local, veo, retired], "google")).toBe("google (1 of 2 available)");
    expect(Object.fromEntries(modelFacts(veo))).toMatchObject({
      Lifecycle: "Deprecated since 2026-01-01. Moving. Use google-vertex/veo instead.",
      Price: "$0.10 per second of video",
      Takes: "text, a first frame",
    });
    expect(Object.fromEntries(modelFacts(retired)).Availability).toBe("Not available: retired");
  });

  it("starts on the wanted model, else the first usable one", () => {
    expect(initialModel([retired, veo, local], "local/preview")).toBe(local);
    expect(initialModel([retired, veo, local], "unknown/model")).toBe(veo);
    expect(initialModel([retired])).toBe(retired);
  });
});
