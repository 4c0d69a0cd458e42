import { FakeRequestError } from "./fake-errors.ts";

/** A request body as one object: JSON as sent, multipart rebuilt (files stay `File`s). */
export type BodyFields = Record<string, unknown>;

/** Keys that would reach an object's prototype if assigned. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function emptyObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** `input_reference[image_url]` → `["input_reference", "image_url"]`; `tags[]` → `["tags", ""]`. */
function keyPath(name: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (match === null) return [name];
  const nested = [...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? "");
  return [match[1] ?? name, ...nested];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Blob);
}

/**
 * Rebuilds objects and arrays from multipart names the way OpenAI's clients flatten them:
 * `key[sub]=…` is `{key:{sub:…}}`, a trailing `[]` appends to an array. A repeated plain name
 * keeps the last value.
 */
export function rebuildBracketed(entries: Iterable<[string, FormDataEntryValue]>): BodyFields {
  const root = emptyObject();
  for (const [name, value] of entries) {
    const path = keyPath(name);
    const appends = path.length > 1 && path.at(-1) === "";
    const keys = appends ? path.slice(0, -1) : path;
    if (keys.some((key) => key === "" || UNSAFE_KEYS.has(key))) {
      // unverified: OpenAI's answer to a malformed field name.
      throw new FakeRequestError(400, `Invalid parameter name: '${name}'.`, { param: name, code: "invalid_value" });
    }
    let target = root;
    for (const key of keys.slice(0, -1)) {
      const existing = target[key];
      const child = isRecord(existing) ? existing : emptyObject();
      target[key] = child;
      target = child;
    }
    const leaf = keys.at(-1) ?? name;
    const existing = target[leaf];
    if (!appends) target[leaf] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else target[leaf] = [value];
  }
  return root;
}

/**
 * Reads a `POST` body: `application/json` or `multipart/form-data` (official clients from 6.28
 * always send multipart). Anything else is refused the way OpenAI refuses bad bodies.
 */
export async function readBodyFields(request: Request): Promise<BodyFields> {
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      // unverified: OpenAI's wording for an unreadable multipart body.
      throw new FakeRequestError(400, "Could not parse multipart form data.");
    }
    return rebuildBracketed(form.entries());
  }
  if (contentType.startsWith("application/json")) {
    const text = await request.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // OpenAI's message for an unparsable JSON body on its other endpoints.
      throw new FakeRequestError(
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new FakeRequestError(400, "Invalid request body: expected a JSON object.", { code: "invalid_type" });
    }
    return parsed as BodyFields;
  }
  // unverified: what OpenAI answers for another content type.
  throw new FakeRequestError(
    400,
    `Unsupported content type: '${contentType || "none"}'. This API method only accepts 'application/json' and 'multipart/form-data' requests.`,
  );
}
