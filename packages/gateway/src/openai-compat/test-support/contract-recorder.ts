import { fileURLToPath } from "node:url";
import { OpenAPIBackend, ValidationContext, type Operation } from "openapi-backend";
import { afterEach, beforeAll, expect } from "vitest";

/** The contract, copied from OpenAI's own OpenAPI document (see its header). */
const CONTRACT_PATH = fileURLToPath(new URL("../../../contracts/openai-videos.yaml", import.meta.url));

/** One request to the OpenAI-compatible API and its answer, as they went over the wire. */
interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** JSON and other text as sent; multipart as an object (files as `<N bytes>`, `a[b]` fields nested). */
  body: string | Record<string, unknown> | undefined;
  /** Sent inside `outsideContract`: the validator must refuse this request. */
  meantInvalid: boolean;
  status: number;
  /** The response's media type, without parameters. */
  responseType: string;
  responseText: string;
}

/** Multipart fields the way the contract describes them. */
function formObject(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of form) {
    const entry = typeof value === "string" ? value : `<${value.size} bytes>`;
    const [, outer, inner] = /^(\w+)\[(\w+)\]$/.exec(name) ?? [];
    if (outer !== undefined && inner !== undefined) fields[outer] = { ...(fields[outer] as object), [inner]: entry };
    else fields[name] = entry;
  }
  return fields;
}

async function readRequestBody(request: Request): Promise<Exchange["body"]> {
  if (request.body === null) return undefined;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return formObject(await request.formData());
  }
  return request.text();
}

const mediaTypeOf = (headers: Headers) => (headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";

export interface ContractRecorder {
  /** A `fetch` that records every request and answer for validation; give it to clients under test. */
  fetch: typeof fetch;
  /** Runs `send`, whose requests are meant to break the contract: the validator must refuse each. */
  outsideContract<T>(send: () => Promise<T>): Promise<T>;
  /** The requests of the current test so far, oldest first. */
  sent(): Array<{ method: string; path: string; contentType: string }>;
}

/**
 * Records every exchange of a test file through one `fetch` and, after each test, validates each
 * request and each response against the contract with openapi-backend (Ajv under the hood): the
 * operation, path and query parameters, JSON and multipart bodies, the status and media type, and
 * JSON answers — successes against the operation's schema, errors against `ErrorResponse`.
 */
export function useContractRecorder(): ContractRecorder {
  const api = new OpenAPIBackend({
    definition: CONTRACT_PATH,
    apiRoot: "/v1",
    // The document validator of openapi-backend knows OpenAPI 3.0 only; this one is 3.1.
    quick: true,
    ajvOpts: {
      allErrors: true,
      formats: {
        // Unix seconds: whole, and too small to be milliseconds.
        unixtime: { type: "number", validate: (value: number) => Number.isInteger(value) && value < 1e11 },
        uri: (value: string) => URL.canParse(value),
        binary: true,
      },
    },
  });
  const exchanges: Exchange[] = [];
  let invalidDepth = 0;

  beforeAll(async () => {
    await api.init();
  });

  afterEach(() => {
    const recorded = exchanges.splice(0);
    expect(recorded.flatMap(problemsOf)).toEqual([]);
  });

  function schemaValidator(schema: unknown) {
    return api.validator.getAjv(ValidationContext.Response).compile(schema as object);
  }

  function requestProblems(exchange: Exchange): { problems: string[]; operation: Operation | undefined } {
    const isForm = typeof exchange.body === "object";
    const request = {
      method: exchange.method,
      path: exchange.url.pathname,
      headers: exchange.headers,
      query: Object.fromEntries(exchange.url.searchParams),
      body: isForm ? undefined : exchange.body,
    };
    const operation = api.router.matchOperation(request);
    if (operation === undefined) return { problems: ["no operation of the contract matches"], operation };
    const problems = (api.validateRequest(request, operation).errors ?? []).map(
      (error) => `${error.instancePath} ${error.message ?? ""}`,
    );
    if (exchange.body !== undefined) {
      const type = exchange.headers["content-type"]?.split(";")[0]?.trim() ?? "";
      const content =
        operation.requestBody !== undefined && "content" in operation.requestBody
          ? operation.requestBody.content[type]
          : undefined;
      if (content === undefined) problems.push(`the operation takes no ${type || "untyped"} body`);
      else if (isForm) {
        const validate = schemaValidator(content.schema);
        if (!validate(exchange.body)) {
          problems.push(...(validate.errors ?? []).map((error) => `body${error.instancePath} ${error.message ?? ""}`));
        }
      }
    }
    return { problems, operation };
  }

  function responseProblems(exchange: Exchange, operation: Operation | undefined): string[] {
    if (exchange.status >= 400) {
      if (exchange.responseType !== "application/json") return [`error answered as ${exchange.responseType}`];
      const validate = schemaValidator(api.definition.components?.schemas?.ErrorResponse);
      return validate(JSON.parse(exchange.responseText))
        ? []
        : (validate.errors ?? []).map((error) => `error body${error.instancePath} ${error.message ?? ""}`);
    }
    const response = operation?.responses?.[String(exchange.status)];
    const content = response !== undefined && "content" in response ? response.content : undefined;
    if (content?.[exchange.responseType] === undefined) {
      return [`status ${exchange.status} with ${exchange.responseType} is not a documented answer`];
    }
    if (exchange.responseType !== "application/json" || operation === undefined) return [];
    const result = api.validateResponse(JSON.parse(exchange.responseText), operation, exchange.status);
    return (result.errors ?? []).map((error) => `response${error.instancePath} ${error.message ?? ""}`);
  }

  function problemsOf(exchange: Exchange): string[] {
    const where = `${exchange.method} ${exchange.url.pathname}${exchange.url.search} → ${exchange.status}`;
    const { problems, operation } = requestProblems(exchange);
    const requestVerdict = exchange.meantInvalid
      ? problems.length > 0
        ? []
        : ["request: the contract accepts a request meant to break it"]
      : problems.map((problem) => `request: ${problem}`);
    return [...requestVerdict, ...responseProblems(exchange, operation)].map((problem) => `${where}: ${problem}`);
  }

  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      // The openai client fetches `data:,` once to find the Response class: no request to Reelay.
      if (request.url.startsWith("data:")) return globalThis.fetch(request);
      const meantInvalid = invalidDepth > 0;
      const body = await readRequestBody(request.clone());
      const response = await globalThis.fetch(request);
      const isBinary = /^(video|image)\//.test(mediaTypeOf(response.headers));
      const responseText = isBinary ? "" : await response.clone().text();
      exchanges.push({
        method: request.method,
        url: new URL(request.url),
        headers: Object.fromEntries(request.headers),
        body,
        meantInvalid,
        status: response.status,
        responseType: mediaTypeOf(response.headers),
        responseText,
      });
      return response;
    },
    sent: () =>
      exchanges.map((exchange) => ({
        method: exchange.method,
        path: exchange.url.pathname,
        contentType: exchange.headers["content-type"] ?? "",
      })),
    async outsideContract(send) {
      invalidDepth += 1;
      try {
        return await send();
      } finally {
        invalidDepth -= 1;
      }
    },
  };
}
