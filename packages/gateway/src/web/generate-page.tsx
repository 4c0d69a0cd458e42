/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ModelView } from "@reelay/client";
import {
  LIST_FIELDS,
  listChoices,
  listDefault,
  modelFacts,
  modelLabel,
  providerLabel,
  providersOf,
  takesPart,
  type ListField,
} from "./browser/model-choices.ts";
import { describedBy, Field, ImageField, Select } from "./form-parts.tsx";
import { JobPanel } from "./job-panel.tsx";
import { PageLayout } from "./page-layout.tsx";

export interface GeneratePageProps {
  /** The whole catalog. */
  models: ModelView[];
  /** The model the form starts on. */
  model: ModelView;
  sandbox: boolean;
  version: string;
}

const LIST_LABELS: Record<ListField, string> = {
  durationSeconds: "Duration",
  aspectRatio: "Aspect ratio",
  resolution: "Resolution",
};

/** Presets, styles and categories: their options come from the API in the browser. */
function StartingPoints() {
  const picker = (id: string, label: string, hint: string) => (
    <Field id={id} label={label} hint={hint}>
      <Select id={id} choices={[{ value: "", label: "None" }]} hint />
    </Field>
  );
  return (
    <fieldset class="card">
      <legend>Presets and styles</legend>
      {picker("preset", "Preset", "Fills in a model and settings; you can still change them.")}
      {picker("style", "Style", "Adds words to the prompt (and things to avoid) when the video is made.")}
      {picker("category", "Category", "Groups the video in the gallery.")}
    </fieldset>
  );
}

function ModelPicker(props: { models: ModelView[]; model: ModelView }) {
  const providers = providersOf(props.models);
  return (
    <fieldset class="card">
      <legend>Model</legend>
      <Field id="provider" label="Provider">
        <Select
          id="provider"
          choices={providers.map((provider) => ({ value: provider, label: providerLabel(props.models, provider) }))}
          selected={props.model.provider}
        />
      </Field>
      <Field id="model" label="Model" hint="Price per second of video; models this server cannot run are marked.">
        <Select
          id="model"
          hint
          choices={props.models
            .filter((model) => model.provider === props.model.provider)
            .map((model) => ({ value: model.id, label: modelLabel(model) }))}
          selected={props.model.id}
        />
      </Field>
      <dl class="facts" id="model-facts" aria-label="About this model">
        {modelFacts(props.model).map(([term, description]) => (
          <div>
            <dt>{term}</dt>
            <dd>{description}</dd>
          </div>
        ))}
      </dl>
    </fieldset>
  );
}

function InputPart(props: { model: ModelView }) {
  const { model } = props;
  return (
    <fieldset class="card">
      <legend>What to make</legend>
      <fieldset class="field mode" data-field="mode">
        <legend>Start from</legend>
        <label>
          <input type="radio" name="mode" value="text" checked={model.inputs.text} disabled={!model.inputs.text} />
          Text only
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            value="image"
            checked={!model.inputs.text}
            disabled={!model.inputs.firstFrame}
          />
          An image (image to video)
        </label>
      </fieldset>
      <Field id="prompt" label="Prompt" hint={`Up to ${model.promptMaxLength} characters.`}>
        <textarea
          id="prompt"
          name="prompt"
          rows={4}
          maxlength={model.promptMaxLength}
          aria-describedby={describedBy("prompt", true)}
        ></textarea>
      </Field>
      <Field id="negativePrompt" label="Avoid (negative prompt)" hidden={!takesPart(model, "negativePrompt")}>
        <textarea
          id="negativePrompt"
          name="negativePrompt"
          rows={2}
          maxlength={model.promptMaxLength}
          aria-describedby={describedBy("negativePrompt", false)}
          disabled={!takesPart(model, "negativePrompt")}
        ></textarea>
      </Field>
      <ImageField field="image" label="First frame" hidden={model.inputs.text} />
      <ImageField
        field="lastFrame"
        label="Last frame (optional)"
        hidden={model.inputs.text || !model.inputs.lastFrame}
      />
    </fieldset>
  );
}

function SettingsPart(props: { model: ModelView }) {
  const { model } = props;
  return (
    <fieldset class="card settings">
      <legend>Settings</legend>
      {LIST_FIELDS.map((field) => (
        <Field id={field} label={LIST_LABELS[field]}>
          <Select id={field} choices={listChoices(model, field)} selected={listDefault(model, field)} />
        </Field>
      ))}
      <div class="field checkbox" data-field="audio" hidden={!takesPart(model, "audio")}>
        <input
          type="checkbox"
          id="audio"
          name="audio"
          checked={model.defaults.audio}
          disabled={model.audio !== "optional"}
          aria-describedby={describedBy("audio", true)}
        />
        <label for="audio">Sound</label>
        <p class="hint" id="audio-hint">
          {model.audio === "always" ? "This model always makes a soundtrack." : "Adds a soundtrack."}
        </p>
        <p class="field-issue" id="audio-issue" hidden></p>
      </div>
      <Field id="seed" label="Seed" hint="The same seed and settings give the same video." hidden={!model.seed}>
        <input
          type="number"
          id="seed"
          name="seed"
          min={0}
          max={4294967295}
          step={1}
          inputmode="numeric"
          aria-describedby={describedBy("seed", true)}
          disabled={!model.seed}
        />
      </Field>
      <Field id="personGeneration" field="providerOptions.personGeneration" label="People in the video" hidden>
        <Select id="personGeneration" choices={[{ value: "", label: "Provider default" }]} disabled />
      </Field>
    </fieldset>
  );
}

/** `/`: choose a model and what it may do, see the price, generate, and watch the video being made. */
export function GeneratePage(props: GeneratePageProps) {
  return (
    <PageLayout
      title="Generate a video"
      script="generate-page.js"
      section="generate"
      sandbox={props.sandbox}
      version={props.version}
    >
      <h1>Generate a video</h1>
      <div class="generate-layout">
        <form id="generate-form" class="generate-form" autocomplete="off" novalidate>
          <div class="form-alert" id="form-alert" role="alert" tabindex={-1} hidden></div>
          <StartingPoints />
          <ModelPicker models={props.models} model={props.model} />
          <InputPart model={props.model} />
          <SettingsPart model={props.model} />
          <section class="card quote" id="quote" aria-labelledby="quote-heading">
            <h2 id="quote-heading">Price and time</h2>
            <p id="quote-summary" aria-live="polite">
              Checking the request…
            </p>
            <p id="quote-prompt" class="hint" hidden></p>
            <ul id="quote-warnings" class="notes" aria-label="What Reelay will change"></ul>
          </section>
          <div class="submit-row">
            <button type="submit" id="generate-button" class="primary" aria-describedby="generate-note">
              Generate video
            </button>
            <p id="generate-note" class="hint"></p>
          </div>
        </form>
        <JobPanel heading="Your video" />
      </div>
    </PageLayout>
  );
}
