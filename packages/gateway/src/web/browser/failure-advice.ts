import type { Failure, FailureCode } from "@reelay/client";

/** A failure in plain words: what happened and what to change. */
export interface FailureAdvice {
  what: string;
  change: string;
}

const ADVICE: Record<FailureCode, FailureAdvice> = {
  content_filtered: {
    what: "The provider refused the prompt or the image as unsafe.",
    change: "Reword the prompt or use another image, then generate again.",
  },
  invalid_input: {
    what: "The provider refused the request.",
    change: "Check the prompt, image and settings against the provider's message below, then generate again.",
  },
  provider_error: {
    what: "The provider failed while making the video.",
    change: "Generate again in a while, or pick another model.",
  },
  deadline_exceeded: {
    what: "The video was not ready before the job's deadline.",
    change: "Generate again, perhaps with a shorter duration, a lower resolution or a faster model.",
  },
  cancelled: {
    what: "The job was cancelled.",
    change: "Generate again when you are ready.",
  },
  submission_unknown: {
    what: "Reelay could not tell whether the provider received the request, so it did not send it twice.",
    change: "Check the provider's dashboard for the video before generating again, so you are not billed twice.",
  },
  output_expired: {
    what: "The provider's video expired before Reelay could keep a copy.",
    change: "Generate again.",
  },
  download_failed: {
    what: "The video was made, but Reelay could not download it from the provider.",
    change: "Generate again; if it keeps happening, check the server's network and storage.",
  },
  no_output: {
    what: "The provider finished without a video, which usually means its content filter stopped it.",
    change: "Reword the prompt or use another image, then generate again.",
  },
};

/** Why a job ended without a video, and what to change; a job without a failure record gets a general answer. */
export function adviceFor(failure: Failure | null): FailureAdvice {
  return failure === null ? ADVICE.provider_error : ADVICE[failure.code];
}
