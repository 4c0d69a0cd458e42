import { ReelayError } from "../core/errors.ts";
import type { JobMedia, UrlSigner } from "../media/signed-url.ts";

/** The URL of a job's video (`content`) or thumbnail, as job views show it. */
export type MediaLinks = (job: { id: string; tenantId: string }, variant: JobMedia["variant"]) => string;

/** How long a signed link lasts at least; it then lasts until the next whole hour. */
const SIGNED_LINK_SECONDS = 3_600;

/**
 * Job media links on `baseUrl` (empty for server-relative links). Plain links need the API key,
 * or nothing while the server has no keys. Signed ones (`signing`) open the media to whoever holds
 * them, as `<video src>` and `<img src>` cannot send a key: they name the tenant and expire an
 * hour after the next whole hour, so polls and event streams hand out the same URL for an hour and
 * browsers can cache the media.
 */
export function jobMediaLinks(baseUrl: string, signing: { signer: UrlSigner; nowMs: number } | null): MediaLinks {
  const plain: MediaLinks = (job, variant) => `${baseUrl}/api/v1/jobs/${job.id}/${variant}`;
  if (signing === null) return plain;
  const nextHour = Math.ceil(signing.nowMs / 1000 / SIGNED_LINK_SECONDS) * SIGNED_LINK_SECONDS;
  const expiresSeconds = nextHour + SIGNED_LINK_SECONDS;
  return (job, variant) =>
    `${plain(job, variant)}?${signing.signer.signJobMedia({ tenantId: job.tenantId, jobId: job.id, variant }, expiresSeconds)}`;
}

const JOB_MEDIA_PATH = /^\/api\/v1\/jobs\/([^/]+)\/(content|thumbnail)$/;

/**
 * The tenant a signed job media link opens, for the access guard: null when the request is no
 * GET or HEAD of a job's video or thumbnail with a signature (the guard then wants the API key);
 * throws `invalid_signature` when the signature is not valid for that tenant, job and variant, or
 * has expired.
 */
export function signedMediaTenant(request: Request, signer: UrlSigner, nowMs: number): string | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const url = new URL(request.url);
  const match = JOB_MEDIA_PATH.exec(url.pathname);
  const signature = url.searchParams.get("signature") ?? undefined;
  if (match === null || signature === undefined) return null;
  const tenantId = url.searchParams.get("tenant") ?? "";
  const media: JobMedia = {
    tenantId,
    jobId: match[1] ?? "",
    variant: match[2] === "thumbnail" ? "thumbnail" : "content",
  };
  const parameters = { expires: url.searchParams.get("expires") ?? undefined, signature };
  if (tenantId === "" || !signer.verifyJobMedia(media, parameters, nowMs)) {
    throw new ReelayError("invalid_signature", "This media link is not valid or has expired; load the job again.");
  }
  return tenantId;
}
