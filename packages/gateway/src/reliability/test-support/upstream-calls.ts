import type { RecordedRequest } from "../../providers/shared/fake-faults.ts";
import type { RemoteProvider } from "./fake-environment.ts";

/** What a request to a provider was for. */
export type CallKind = "create" | "poll" | "cancel" | "download" | "lookup";

/** Each provider's routes by kind: method and a pattern on the path (without the query). */
const ROUTES: Record<RemoteProvider, Array<{ kind: CallKind; method: string; path: RegExp }>> = {
  runway: [
    { kind: "create", method: "POST", path: /^\/v1\/(text|image)_to_video$/ },
    { kind: "poll", method: "GET", path: /^\/v1\/tasks\/[^/]+$/ },
    { kind: "cancel", method: "DELETE", path: /^\/v1\/tasks\/[^/]+$/ },
    { kind: "download", method: "GET", path: /^\/cdn\/[^/]+\/video\.mp4$/ },
  ],
  vidu: [
    { kind: "create", method: "POST", path: /^(\/ent\/v2)?\/(text2video|img2video|start-end2video)$/ },
    { kind: "poll", method: "GET", path: /^(\/ent\/v2)?\/tasks\/[^/]+\/creations$/ },
    { kind: "cancel", method: "POST", path: /^(\/ent\/v2)?\/tasks\/[^/]+\/cancel$/ },
    { kind: "download", method: "GET", path: /^\/infer\/tasks\/[^/]+\/video\.mp4$/ },
  ],
  pixverse: [
    { kind: "create", method: "POST", path: /^\/openapi\/v2\/video\/(text|img|transition)\/generate$/ },
    { kind: "poll", method: "GET", path: /^\/openapi\/v2\/video\/result\/[^/]+$/ },
    { kind: "download", method: "GET", path: /^\/media\/openapi\/[^/]+\.mp4$/ },
  ],
  pollo: [
    { kind: "create", method: "POST", path: /^(\/v1)?\/generation\/.+$/ },
    { kind: "poll", method: "GET", path: /^(\/v1)?\/generation\/[^/]+\/status$/ },
    { kind: "download", method: "GET", path: /^\/cdn\/[^/]+\/[^/]+\.mp4$/ },
  ],
  openai: [
    { kind: "create", method: "POST", path: /^\/v1\/videos$/ },
    // Listing the account's videos: how a create of unknown outcome is looked for.
    { kind: "lookup", method: "GET", path: /^\/v1\/videos$/ },
    { kind: "poll", method: "GET", path: /^\/v1\/videos\/[^/]+$/ },
    { kind: "download", method: "GET", path: /^\/v1\/videos\/[^/]+\/content$/ },
  ],
  google: [
    { kind: "create", method: "POST", path: /^\/v1beta\/models\/[^/]+:predictLongRunning$/ },
    { kind: "poll", method: "GET", path: /^\/v1beta\/models\/[^/]+\/operations\/[^/]+$/ },
    // The first hop only: it redirects to the storage host, which is not counted again.
    { kind: "download", method: "GET", path: /^\/v1beta\/files\/[^/]+:download$/ },
  ],
};

/** The requests a fake recorded that were of `kind`, in the order they arrived. */
export function callsOf(provider: RemoteProvider, requests: RecordedRequest[], kind: CallKind): RecordedRequest[] {
  return requests.filter((request) => {
    const path = request.path.split("?")[0] ?? "";
    const route = ROUTES[provider].find(
      (candidate) => candidate.method === request.method && candidate.path.test(path),
    );
    return route?.kind === kind;
  });
}

/** Milliseconds between consecutive requests: how a client spaced its retries. */
export function gapsMs(requests: RecordedRequest[]): number[] {
  return requests.slice(1).map((request, index) => request.receivedAtMs - (requests[index]?.receivedAtMs ?? 0));
}

/** How many videos the OpenAI fake holds, from its own list endpoint: the generations billed. */
export async function openAiVideosUpstream(fakeUrl: string): Promise<number> {
  const response = await fetch(`${fakeUrl}/v1/videos?limit=100`, { headers: { authorization: "Bearer any" } });
  return ((await response.json()) as { data: unknown[] }).data.length;
}
