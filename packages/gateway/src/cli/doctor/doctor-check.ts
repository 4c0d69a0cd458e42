import type { ProviderId } from "../../core/types.ts";

/** How one check of `reelay doctor` came out. */
export type CheckStatus = "pass" | "fail" | "skip";

/** One line of the doctor's report. */
export interface DoctorCheck {
  /** What was checked, e.g. `database` or `provider runway`. */
  name: string;
  status: CheckStatus;
  /** What was found, or what is wrong and how to fix it. Never a secret. */
  detail: string;
  /** The provider a provider check is about. */
  provider?: ProviderId;
}

/** The whole report, as `reelay doctor --json` prints it. */
export interface DoctorReport {
  /** True when no check failed. */
  ok: boolean;
  summary: Record<CheckStatus, number>;
  checks: DoctorCheck[];
}

export const passed = (name: string, detail: string): DoctorCheck => ({ name, status: "pass", detail });
export const failed = (name: string, detail: string): DoctorCheck => ({ name, status: "fail", detail });
export const skipped = (name: string, detail: string): DoctorCheck => ({ name, status: "skip", detail });

/** The message of anything a check threw, without a stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one check, turning what it throws into a failed line and giving up after `timeoutMs`, so
 * one hung dependency (a bucket that never answers) cannot keep the report from being printed.
 */
export async function runCheck(
  name: string,
  timeoutMs: number,
  check: () => Promise<DoctorCheck>,
): Promise<DoctorCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DoctorCheck>((resolve) => {
    timer = setTimeout(() => resolve(failed(name, `no result within ${timeoutMs / 1000} s`)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([check().catch((error: unknown) => failed(name, messageOf(error))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The report of `checks`, with its summary. */
export function doctorReport(checks: DoctorCheck[]): DoctorReport {
  const summary: Record<CheckStatus, number> = { pass: 0, fail: 0, skip: 0 };
  for (const check of checks) summary[check.status] += 1;
  return { ok: summary.fail === 0, summary, checks };
}
