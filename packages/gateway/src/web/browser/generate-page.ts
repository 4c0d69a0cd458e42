import { type CreateJobRequest, type JobView, ReelayApiError } from "@reelay/client";
import { element, find, messageOf } from "./dom.ts";
import { linkToField, showIssues } from "./field-issues.ts";
import { fillForm } from "./fill-form.ts";
import { readRequest, type FormParts } from "./form-request.ts";
import { createImageField } from "./image-field.ts";
import { createJobPanel } from "./job-panel.ts";
import { requestFromJob } from "./job-request.ts";
import { createLiveQuote } from "./live-quote.ts";
import { isUsable } from "./model-choices.ts";
import { createModelControls } from "./model-controls.ts";
import { reelay } from "./reelay.ts";
import { createStartingPoints } from "./starting-points.ts";

/*
 * The generate page: the form asks the API for a quote on every change, submits through the SDK,
 * and follows the job in the panel. The job's id goes into the address (`?job=`), so a reload
 * finds the job again and follows it from where it is.
 */

const form = find(document, "#generate-form", HTMLFormElement);
const alert = find(form, "#form-alert", HTMLElement);
const generate = find(form, "#generate-button", HTMLButtonElement);
const generateNote = find(form, "#generate-note", HTMLElement);
const panelRoot = find(document, "#job-panel", HTMLElement);

function showAlert(heading: string, lines: Array<string | Array<Node | string>>): void {
  const list = element("ul", null);
  for (const line of lines) {
    const item = element("li", null);
    item.append(...(typeof line === "string" ? [line] : line));
    list.append(item);
  }
  alert.replaceChildren(element("p", null, heading), list);
  alert.hidden = false;
  alert.focus();
}

async function main(): Promise<void> {
  let pristine = true;
  let busy = false;
  const models = (await reelay.models.list()).data;
  const onChange = () => {
    updateGenerateButton();
    quote.refresh();
  };
  const controls = createModelControls(form, models, onChange);
  const images = {
    image: createImageField(find(form, '[data-field="image"]', HTMLElement), onChange),
    lastFrame: createImageField(find(form, '[data-field="lastFrame"]', HTMLElement), onChange),
  };
  const parts: FormParts = { form, controls, images };
  const uploadsSettled = () => Promise.all([images.image.settled(), images.lastFrame.settled()]);
  const quote = createLiveQuote({
    form,
    read: () => uploadsSettled().then(() => readRequest(parts)),
    pristine: () => pristine,
    summary: find(form, "#quote-summary", HTMLElement),
    styledPrompt: find(form, "#quote-prompt", HTMLElement),
    warnings: find(form, "#quote-warnings", HTMLUListElement),
  });
  const panel = createJobPanel(panelRoot, {
    page: "generate",
    onGenerateAgain: (job) => void start(requestFromJob(job)),
  });

  function updateGenerateButton(): void {
    const model = controls.model();
    generate.disabled = busy || !isUsable(model);
    generate.textContent = busy ? "Generating…" : "Generate video";
    generateNote.textContent = isUsable(model)
      ? ""
      : `${model.label} cannot be used here: ${model.unavailableReason ?? model.lifecycle.status}.`;
  }

  /** Follows a job in the panel until it ends, with its id in the address. */
  async function track(jobId: string): Promise<void> {
    history.replaceState(null, "", `/?job=${encodeURIComponent(jobId)}`);
    busy = true;
    updateGenerateButton();
    await panel.follow(jobId);
    busy = false;
    updateGenerateButton();
  }

  async function start(request: CreateJobRequest): Promise<void> {
    alert.hidden = true;
    busy = true;
    updateGenerateButton();
    let job: JobView;
    try {
      job = await reelay.jobs.create(request);
    } catch (error) {
      busy = false;
      updateGenerateButton();
      if (!(error instanceof ReelayApiError) || error.issues.length === 0) {
        showAlert("The video could not be started.", [messageOf(error)]);
        return;
      }
      showIssues(form, error.issues);
      showAlert(
        "Reelay refused the request. Change what is marked:",
        error.issues.map((issue) => {
          const link = linkToField(form, issue.field);
          return link === undefined ? issue.message : [link, `: ${issue.message}`];
        }),
      );
      return;
    }
    panel.show(job);
    find(panelRoot, "h2", HTMLElement).focus();
    await track(job.id);
  }

  /** A reload (or a link to `/?job=…`) shows that job's settings and follows it. */
  async function resume(jobId: string): Promise<void> {
    let job: JobView;
    try {
      job = await reelay.jobs.get(jobId);
    } catch (error) {
      showAlert(`Job ${jobId} could not be shown.`, [messageOf(error)]);
      return;
    }
    await fillForm(parts, job);
    panel.show(job);
    await track(job.id);
  }

  form.addEventListener("input", () => {
    pristine = false;
    quote.refresh();
  });
  form.addEventListener("change", () => quote.refresh());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    pristine = false;
    void uploadsSettled().then(() => start(readRequest(parts)));
  });
  await createStartingPoints(form, controls, onChange);
  onChange();
  const jobId = new URLSearchParams(location.search).get("job");
  if (jobId !== null) await resume(jobId);
}

main().catch((error: unknown) => showAlert("This page could not start.", [messageOf(error)]));
