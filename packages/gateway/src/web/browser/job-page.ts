import type { JobView } from "@reelay/client";
import { fillDescriptionList, find, messageOf } from "./dom.ts";
import { createJobPanel } from "./job-panel.ts";
import { parameterRows, type NameOf } from "./job-parameters.ts";
import { requestFromJob } from "./job-request.ts";
import { createTimeline } from "./job-timeline.ts";
import { reelay } from "./reelay.ts";

/*
 * A job's page: its parameters, then its whole history replayed from the first event (the
 * timeline), after which the panel follows it live while it runs.
 */

const layout = find(document, "[data-job-id]", HTMLElement);
const loadStatus = find(document, "#job-load-status", HTMLElement);
const parameters = find(document, "#job-parameters", HTMLElement);
const jobId = layout.dataset.jobId ?? "";

/** Shows a line about loading the job; an empty one hides it. */
function say(text: string): void {
  loadStatus.textContent = text;
  loadStatus.hidden = text === "";
}

async function namesOfItems(): Promise<NameOf> {
  const lists = await Promise.all([reelay.styles.list(), reelay.categories.list()]).catch(() => []);
  const names = new Map(lists.flatMap((list) => list.data.map((item) => [item.id, item.name] as const)));
  return (id) => names.get(id) ?? id;
}

function showParameters(job: JobView, nameOf: NameOf): void {
  fillDescriptionList(parameters, parameterRows(job, nameOf));
}

async function generateAgain(job: JobView): Promise<void> {
  try {
    const next = await reelay.jobs.create(requestFromJob(job));
    location.assign(`/?job=${encodeURIComponent(next.id)}`);
  } catch (error) {
    say(`The video could not be started again: ${messageOf(error)}`);
  }
}

async function main(): Promise<void> {
  const panel = createJobPanel(find(document, "#job-panel", HTMLElement), {
    page: "job",
    onGenerateAgain: (job) => void generateAgain(job),
  });
  let job: JobView;
  try {
    job = await reelay.jobs.get(jobId);
  } catch (error) {
    say(`This job could not be shown: ${messageOf(error)}`);
    return;
  }
  const nameOf = await namesOfItems();
  say("");
  showParameters(job, nameOf);
  panel.show(job);
  const timeline = createTimeline(find(document, "#job-timeline", HTMLOListElement));
  const last = await panel.follow(jobId, { fromStart: true, onEvent: (event) => timeline.add(event) });
  if (last !== undefined) showParameters(last, nameOf);
}

void main();
