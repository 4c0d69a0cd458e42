import { type JobEventStreamOptions, streamJobEvents } from "./job-event-stream.ts";
import type { Transport } from "./transport.ts";
import type { JobEvent } from "./wire.ts";

/** The `client.events` resource group. */
export interface EventsResource {
  /**
   * Changes of all the caller's jobs as they happen, reconnecting with `Last-Event-ID` whenever the
   * connection drops. Ends only when `signal` fires (with code `aborted`) or the server keeps refusing.
   */
  stream(options?: JobEventStreamOptions): AsyncIterable<JobEvent>;
}

/** Creates the `events` resource group over a transport. */
export function createEventsResource(transport: Transport): EventsResource {
  return {
    stream(options = {}) {
      return streamJobEvents(transport, "/api/v1/events", { ...options, endOnTerminal: false });
    },
  };
}
