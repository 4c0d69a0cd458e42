import { Reelay } from "@reelay/client";
import { askForApiKey, savedApiKey } from "./api-key.ts";

/** Whether an answer is a 401 `unauthorized`: the server has API keys and got none, or a wrong one. */
async function isUnauthorized(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === "unauthorized";
}

/** The API of the server that served this page, with the key saved in this browser; a refusal for want of one asks for it. */
export const reelay = new Reelay({
  baseUrl: location.origin,
  apiKey: savedApiKey(),
  fetch: async (input, init) => {
    const response = await fetch(input, init);
    if (await isUnauthorized(response)) askForApiKey();
    return response;
  },
});
