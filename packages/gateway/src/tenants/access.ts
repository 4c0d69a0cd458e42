import type { Context, MiddlewareHandler } from "hono";
import type { Clock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import { parseApiKeyToken, secretMatches } from "./api-key-token.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import type { TenantStore } from "./tenant-store.ts";

/** The tenant of every request while a server has no API keys (on loopback only). */
export const OPEN_TENANT = "default";

/** Shapes an error answer of the surface a guard protects (native or OpenAI-compatible). */
export type ErrorResponder = (c: Context, error: ReelayError, headers: Record<string, string>) => Response;

export interface AccessOptions {
  tenants: TenantStore;
  /**
   * The server listens on loopback addresses only. Without any API key it is then open to every
   * local caller as the tenant `default`; on any other address it refuses every call instead.
   */
  loopbackOnly: boolean;
  limiter: RateLimiter;
  clock: Clock;
  /**
   * The tenant a signed link opens (a job's video or thumbnail, which browsers fetch without
   * headers), or null when the request carries none; throws when its signature is not valid.
   * Asked only while the server has keys and only of requests without a bearer token.
   */
  signedMediaTenant?(request: Request): string | null;
}

export interface Access {
  /** Authenticates a request by its bearer token, applies its tenant's rate, and remembers its tenant. */
  guard(respond: ErrorResponder): MiddlewareHandler;
  /** The tenant of a request the guard let through. */
  tenantOf(request: Request): string;
  /**
   * Whether the guard asked the request for a key (the server has keys): links to job media in
   * its answers then carry signatures, since browsers cannot send the key with them.
   */
  keyed(request: Request): boolean;
  /** The tenant of a request the guard let through, or null (a route without the guard, or refused): for logs. */
  knownTenant(request: Request): string | null;
}

/** Who a request the guard let through comes from. */
interface Caller {
  tenantId: string;
  keyed: boolean;
}

const UNAUTHORIZED_HEADERS = { "WWW-Authenticate": 'Bearer realm="reelay"' };

function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}

/** API keys and rate limits in front of every API route. */
export function createAccess(options: AccessOptions): Access {
  const { tenants, limiter, clock } = options;
  const callerOfRequest = new WeakMap<Request, Caller>();

  /** The caller a request authenticates as, or the error that refuses it. */
  async function authenticate(c: Context): Promise<Caller> {
    if (!(await tenants.hasActiveKeys())) {
      if (options.loopbackOnly) return { tenantId: OPEN_TENANT, keyed: false };
      throw new ReelayError(
        "unauthorized",
        "This server has no API keys and listens on a public address, so it answers no one; create a key with `reelay keys create --tenant NAME`.",
      );
    }
    const token = bearerToken(c.req.header("authorization"));
    if (token === null) {
      const signedTenant = options.signedMediaTenant?.(c.req.raw) ?? null;
      if (signedTenant !== null) return { tenantId: signedTenant, keyed: true };
      throw new ReelayError("unauthorized", "Send your Reelay API key as `Authorization: Bearer rly_…`.");
    }
    const parsed = parseApiKeyToken(token);
    const key = parsed === null ? null : await tenants.findKey(parsed.id);
    if (parsed === null || key === null || key.revokedAt !== null || !secretMatches(parsed.secret, key.secretSha256)) {
      throw new ReelayError("unauthorized", "The API key is not valid or has been revoked.");
    }
    await tenants.touchKey(key.id, clock.now());
    return { tenantId: key.tenantId, keyed: true };
  }

  /** The caller the guard recorded for a request. */
  function callerOf(request: Request): Caller {
    const caller = callerOfRequest.get(request);
    if (caller === undefined)
      throw new Error(
        `No tenant for ${request.method} ${new URL(request.url).pathname}: the route is not behind the access guard.`,
      );
    return caller;
  }

  return {
    guard(respond) {
      return async (c, next) => {
        let caller: Caller;
        try {
          caller = await authenticate(c);
        } catch (error) {
          if (error instanceof ReelayError)
            return respond(c, error, error.code === "unauthorized" ? UNAUTHORIZED_HEADERS : {});
          throw error;
        }
        const { tenantId } = caller;
        const rate = (await tenants.getTenant(tenantId))?.limits.rate ?? null;
        if (rate !== null) {
          const decision = await limiter.take(tenantId, rate, clock.now());
          const headers: Record<string, string> = {
            "RateLimit-Limit": String(decision.limit),
            "RateLimit-Remaining": String(decision.remaining),
            "RateLimit-Reset": String(decision.resetSeconds),
            "RateLimit-Policy": `${rate.requests};w=${rate.windowSeconds}`,
          };
          if (!decision.allowed) {
            const message = `Too many requests: this tenant may send ${rate.requests} per ${rate.windowSeconds} s; try again in ${decision.retryAfterSeconds} s.`;
            return respond(c, new ReelayError("rate_limited", message), {
              ...headers,
              "Retry-After": String(decision.retryAfterSeconds),
            });
          }
          for (const [name, value] of Object.entries(headers)) c.header(name, value);
        }
        callerOfRequest.set(c.req.raw, caller);
        return next();
      };
    },
    tenantOf: (request) => callerOf(request).tenantId,
    keyed: (request) => callerOf(request).keyed,
    knownTenant: (request) => callerOfRequest.get(request)?.tenantId ?? null,
  };
}
