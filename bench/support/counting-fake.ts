import type { FakeProvider } from "../../packages/gateway/src/providers/shared/fake-server.ts";
import { serveFake } from "../../packages/gateway/src/providers/shared/fake-server.ts";

/** Where a provider's task ids appear in its paths, so each call is counted for its task. */
export interface FakeRoutes {
  /** A create (POST) path. */
  create: RegExp;
  /** The task's status path; its first group is the task id. */
  status: RegExp;
  /** Any other path naming a task (downloads); its first group is the task id. */
  other: RegExp;
}

export const RUNWAY_ROUTES: FakeRoutes = {
  create: /^\/v1\/(text|image)_to_video$/,
  status: /^\/v1\/tasks\/([^/]+)$/,
  other: /^\/cdn\/([^/]+)\//,
};

export const OPENAI_ROUTES: FakeRoutes = {
  create: /^\/v1\/videos$/,
  status: /^\/v1\/videos\/([^/]+)$/,
  other: /^\/v1\/videos\/([^/]+)\//,
};

/** One call the fake answered. */
export interface FakeCall {
  kind: "create" | "status" | "other";
  taskId: string | null;
  /** The bearer key it carried: each compared client uses its own, so calls are told apart. */
  key: string;
  atMs: number;
}

export interface CreatedTask {
  taskId: string;
  /** The `bench-…` word of the create's prompt, naming the job that asked for it. */
  token: string | null;
  key: string;
  createdAtMs: number;
}

export interface CountingFake {
  url: string;
  fake: FakeProvider;
  calls: FakeCall[];
  tasksByToken: Map<string, CreatedTask>;
  close(): Promise<void>;
}

/** A word a bench puts in a prompt to find the task its job made, whatever the body's encoding. */
export const benchToken = (name: string, index: number) => `bench-${name}-${index}`;

export interface CountingOptions {
  /** Answers a request in the fake's place when it returns a response. */
  override?: (request: Request) => Response | null;
  /** Response headers taken out of every answer (a hint the real provider may not send). */
  dropHeaders?: readonly string[];
}

function withoutHeaders(response: Response, names: readonly string[]): Response {
  if (names.every((name) => !response.headers.has(name))) return response;
  const headers = new Headers(response.headers);
  for (const name of names) headers.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Serves `fake` on 127.0.0.1 and counts every call at the server side: kind, task, key and time;
 * creates also by the prompt's bench token.
 */
export async function serveCountingFake(
  fake: FakeProvider,
  routes: FakeRoutes,
  options: CountingOptions = {},
): Promise<CountingFake> {
  const answer = async (request: Request) =>
    withoutHeaders(await (options.override?.(request) ?? fake.app.fetch(request)), options.dropHeaders ?? []);
  const calls: FakeCall[] = [];
  const tasksByToken = new Map<string, CreatedTask>();
  const served = await serveFake({
    async fetch(request) {
      const atMs = Date.now();
      const { pathname } = new URL(request.url);
      const key = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
      if (request.method === "POST" && routes.create.test(pathname)) {
        const token = /bench-[\w-]+/.exec(await request.clone().text())?.[0] ?? null;
        const response = await answer(request);
        const taskId = response.ok ? ((await response.clone().json()) as { id?: string }).id : undefined;
        calls.push({ kind: "create", taskId: taskId ?? null, key, atMs });
        if (taskId !== undefined && token !== null) tasksByToken.set(token, { taskId, token, key, createdAtMs: atMs });
        return response;
      }
      const status = routes.status.exec(pathname);
      const other = status === null ? routes.other.exec(pathname) : null;
      if (status !== null || other !== null) {
        calls.push({ kind: status !== null ? "status" : "other", taskId: (status ?? other)?.[1] ?? null, key, atMs });
      }
      return answer(request);
    },
  });
  return {
    url: served.url,
    fake,
    calls,
    tasksByToken,
    async close() {
      fake.close?.();
      await served.close();
    },
  };
}
