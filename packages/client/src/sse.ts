/**
 * A parser for `text/event-stream` bodies, following the WHATWG HTML "server-sent events" rules. The
 * browser's `EventSource` cannot send an `Authorization` header, so streams are read from `fetch`.
 */

/** One dispatched event. */
export interface ServerSentEvent {
  /** Discriminant. */
  kind: "event";
  /** The `event:` field; `message` when the event had none. */
  type: string;
  /** The `data:` lines joined with line feeds. */
  data: string;
  /** The last `id:` seen on the stream so far (this event's or an earlier one's); empty when none. */
  lastEventId: string;
}

/** A `retry:` field: how long the server wants the client to wait before reconnecting. */
export interface ReconnectionTime {
  /** Discriminant. */
  kind: "retry";
  /** The reconnection time, in milliseconds. */
  retryMs: number;
}

/** What {@link parseEventStream} yields. */
export type EventStreamItem = ServerSentEvent | ReconnectionTime;

/**
 * Yields the events of a `text/event-stream` body as they complete. Lines may end in LF, CRLF or CR;
 * chunks may split a line, a CRLF pair or a UTF-8 character anywhere. Comments (`:` lines) and unknown
 * fields are skipped; an event cut off by the end of the stream is dropped, as the standard says.
 * Leaving the loop early cancels the body.
 */
export async function* parseEventStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<EventStreamItem> {
  const reader = stream.getReader();
  // `fatal: false` turns broken UTF-8 into U+FFFD as the standard asks; a leading BOM is dropped.
  const decoder = new TextDecoder("utf-8");
  const lines = createLineSplitter();
  let data = "";
  let type = "";
  let lastEventId = "";
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      for (const line of lines.push(decoder.decode(chunk.value, { stream: true }))) {
        if (line === "") {
          // A blank line dispatches the event; one without data lines is discarded.
          if (data !== "") yield { kind: "event", type: type || "message", data: data.slice(0, -1), lastEventId };
          data = "";
          type = "";
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const rawValue = colon === -1 ? "" : line.slice(colon + 1);
        const value = rawValue.startsWith(" ") ? rawValue.slice(1) : rawValue;
        if (field === "data") data += `${value}\n`;
        else if (field === "event") type = value;
        else if (field === "id" && !value.includes("\0")) lastEventId = value;
        else if (field === "retry" && /^\d+$/.test(value)) yield { kind: "retry", retryMs: Number(value) };
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Splits text fed in pieces into lines. A CR at the end of a piece may be the first half of a CRLF,
 * so whether the next piece starts with an LF to skip is remembered across pieces.
 */
function createLineSplitter(): { push(text: string): string[] } {
  let pending = "";
  let skipLineFeed = false;
  return {
    push(text) {
      const lines: string[] = [];
      let start = 0;
      for (let index = 0; index < text.length; index++) {
        const character = text[index];
        if (skipLineFeed) {
          skipLineFeed = false;
          if (character === "\n") {
            start = index + 1;
            continue;
          }
        }
        if (character === "\r" || character === "\n") {
          lines.push(pending + text.slice(start, index));
          pending = "";
          start = index + 1;
          skipLineFeed = character === "\r";
        }
      }
      pending += text.slice(start);
      return lines;
    },
  };
}
