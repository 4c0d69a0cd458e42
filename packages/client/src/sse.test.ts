import { describe, expect, it } from "vitest";
import { type EventStreamItem, parseEventStream } from "./sse.ts";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function parse(chunks: Uint8Array[]): Promise<EventStreamItem[]> {
  const items: EventStreamItem[] = [];
  for await (const item of parseEventStream(streamOf(chunks))) items.push(item);
  return items;
}

const encode = (text: string) => new TextEncoder().encode(text);

const SAMPLE = [
  "\uFEFF: keep-alive\r\n",
  "retry: 2500\r\n",
  'id: 7\r\nevent: progress\r\ndata: {"label":"café ☕ 🎬"}\r\n\r\n',
  "data: line one\rdata: line two\r\r",
  "id: 9\nevent: done\ndata:no space\ndata:  two spaces\n\n",
  "event: ignored-without-data\n\n",
  "id: 10\ndata: cut off at the end",
].join("");

const SAMPLE_ITEMS: EventStreamItem[] = [
  { kind: "retry", retryMs: 2500 },
  { kind: "event", type: "progress", data: '{"label":"café ☕ 🎬"}', lastEventId: "7" },
  { kind: "event", type: "message", data: "line one\nline two", lastEventId: "7" },
  { kind: "event", type: "done", data: "no space\n two spaces", lastEventId: "9" },
];

describe("parseEventStream", () => {
  it("parses a whole stream: comments, retry, CRLF, CR, LF, multi-line data, ids", async () => {
    expect(await parse([encode(SAMPLE)])).toEqual(SAMPLE_ITEMS);
  });

  it("gives the same result however the bytes are split in two", async () => {
    const bytes = encode(SAMPLE);
    for (let split = 0; split <= bytes.length; split++) {
      expect(await parse([bytes.slice(0, split), bytes.slice(split)]), `split at byte ${split}`).toEqual(SAMPLE_ITEMS);
    }
  });

  it("gives the same result one byte at a time", async () => {
    const bytes = encode(SAMPLE);
    expect(await parse(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual(SAMPLE_ITEMS);
  });

  it("treats a CR at a chunk's end followed by LF as one line break", async () => {
    expect(await parse([encode("data: a\r"), encode("\ndata: b\r"), encode("\n\r"), encode("\n")])).toEqual([
      { kind: "event", type: "message", data: "a\nb", lastEventId: "" },
    ]);
  });

  it("keeps a field name without a colon as an empty value and ignores unknown fields and bad retries", async () => {
    const items = await parse([encode("data\ndata\nfoo: bar\nretry: soon\n\n")]);
    expect(items).toEqual([{ kind: "event", type: "message", data: "\n", lastEventId: "" }]);
  });

  it("cancels the body when the loop ends early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode("data: first\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const item of parseEventStream(stream)) {
      expect(item).toMatchObject({ data: "first" });
      break;
    }
    expect(cancelled).toBe(true);
  });
});
