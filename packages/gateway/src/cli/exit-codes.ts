/** What the CLI's exit status means, so scripts can act on it. */
export const EXIT = {
  ok: 0,
  /** The job ended failed or cancelled. */
  jobFailed: 1,
  /** Bad usage, or Reelay refused the request (4xx). */
  rejected: 2,
  /** Reelay could not be reached or failed (network, timeout, 5xx). */
  unreachable: 3,
  /** `reelay doctor` found at least one check that failed. */
  checksFailed: 4,
  /** Ctrl-C stopped the command: 128 + SIGINT, what shells report for it. */
  interrupted: 130,
} as const;
