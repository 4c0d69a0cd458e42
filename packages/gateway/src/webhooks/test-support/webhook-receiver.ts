import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookEvent } from "@reelay/client";
import { Webhook } from "standardwebhooks";

/** One request the receiver got, checked by an independent Standard Webhooks implementation. */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  headers: Record<string, string>;
  body: string;
  event: WebhookEvent;
  /** What the receiver answered. */
  answered: number;
  /** Why `standardwebhooks` refused the signature; null when it verified. */
  verifyError: string | null;
}

/** What to answer a request with: a status, and headers. */
export type Answer = { status: number; headers?: Record<string, string> };

export interface WebhookReceiver {
  /** Where to point webhooks, e.g. `http://127.0.0.1:40123/hook`. */
  url: string;
  /** Every request, in arrival order. */
  received: ReceivedWebhook[];
  /** The requests answered 2xx, first one per `webhook-id` (a repeat shows up in `received`). */
  delivered(): ReceivedWebhook[];
  /** Decides the answer of each later request; default 204. */
  answerWith(decide: (request: ReceivedWebhook) => Answer): void;
  /** Stops listening: later attempts get connection refused. */
  goDown(): Promise<void>;
  /** Listens on the same port again. */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A small `node:http` webhook receiver on 127.0.0.1 that verifies every request with `secret`. */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  let decide: (request: ReceivedWebhook) => Answer = () => ({ status: 204 });
  let server: Server | null = null;
  let port = 0;

  async function listen(): Promise<void> {
    const instance = createServer((request, response) => {
      readBody(request)
        .then((body) => {
          const headers = Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
          );
          let verifyError: string | null = null;
          try {
            verifier.verify(body, headers);
          } catch (error) {
            verifyError = error instanceof Error ? error.message : String(error);
          }
          const entry: ReceivedWebhook = {
            id: headers["webhook-id"] ?? "",
            timestamp: headers["webhook-timestamp"] ?? "",
            headers,
            body,
            event: JSON.parse(body) as WebhookEvent,
            answered: 0,
            verifyError,
          };
          const answer = decide(entry);
          entry.answered = answer.status;
          received.push(entry);
          response.writeHead(answer.status, answer.headers).end();
        })
        .catch(() => response.writeHead(400).end());
    });
    await new Promise<void>((resolve, reject) => {
      instance.once("error", reject);
      instance.listen(port, "127.0.0.1", () => resolve());
    });
    port = (instance.address() as AddressInfo).port;
    server = instance;
  }

  async function stop(): Promise<void> {
    const instance = server;
    server = null;
    if (instance === null) return;
    await new Promise<void>((resolve) => {
      instance.close(() => resolve());
      instance.closeAllConnections();
    });
  }

  await listen();
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    delivered() {
      const seen = new Set<string>();
      return received.filter((entry) => {
        if (entry.answered < 200 || entry.answered >= 300 || seen.has(entry.id)) return false;
        seen.add(entry.id);
        return true;
      });
    },
    answerWith(next) {
      decide = next;
    },
    goDown: stop,
    comeBack: listen,
    close: stop,
  };
}
