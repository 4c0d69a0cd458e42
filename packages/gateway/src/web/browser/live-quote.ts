import type { CreateJobRequest, ValidateResponse } from "@reelay/client";
import { element, messageOf } from "./dom.ts";
import { showIssues } from "./field-issues.ts";
import { formatSeconds, formatUsd } from "./format.ts";
import { reelay } from "./reelay.ts";

/** Changes within this time make one check. */
const SETTLE_MS = 250;

export interface LiveQuoteOptions {
  form: HTMLFormElement;
  /** The request to check, once the form's uploads have finished. */
  read(): Promise<CreateJobRequest>;
  /** True until the user first changes the form: problems are not pointed out before then. */
  pristine(): boolean;
  summary: HTMLElement;
  /** Where the prompt the provider will get is shown, when a style changes it. */
  styledPrompt: HTMLElement;
  warnings: HTMLUListElement;
}

/** Asks the API what the request would cost and take, and shows its problems next to their fields. */
export interface LiveQuote {
  refresh(): void;
}

export function createLiveQuote(options: LiveQuoteOptions): LiveQuote {
  const { form, summary, styledPrompt, warnings } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: AbortController | undefined;

  function render(request: CreateJobRequest, answer: ValidateResponse): void {
    const pristine = options.pristine() && !answer.valid;
    const elsewhere = showIssues(form, pristine ? [] : answer.issues);
    warnings.replaceChildren(...answer.warnings.map((warning) => element("li", null, warning.message)));
    const sent = answer.request?.prompt;
    styledPrompt.hidden = sent === undefined || sent === (request.prompt ?? "");
    styledPrompt.textContent = `With the style, the provider gets this prompt: “${sent ?? ""}”`;
    if (answer.valid) {
      const seconds = formatSeconds(answer.expectedRenderSeconds ?? 0);
      summary.textContent = `Price: ${formatUsd(answer.priceUsd ?? 0)}. Expected render time: about ${seconds}.`;
    } else if (pristine) {
      summary.textContent = "Describe the video to see its price and render time.";
    } else {
      const notes = elsewhere.map((issue) => issue.message);
      summary.textContent = notes.length > 0 ? notes.join(" ") : "Fix the marked fields to see the price.";
    }
  }

  async function check(): Promise<void> {
    latest?.abort();
    const own = new AbortController();
    latest = own;
    try {
      const request = await options.read();
      const answer = await reelay.validate(request, { signal: own.signal });
      if (!own.signal.aborted) render(request, answer);
    } catch (error) {
      if (!own.signal.aborted) summary.textContent = `The request could not be checked: ${messageOf(error)}`;
    }
  }

  return {
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(() => void check(), SETTLE_MS);
    },
  };
}
