/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * The API key entry in every page's header. A server with API keys answers the pages' calls with
 * 401 until one is entered, so `browser/api-key.ts` opens this then and says why; it is always
 * reachable, to change or forget the key. The key stays in this browser's storage for this origin.
 */
export function ApiKeyForm() {
  return (
    <details class="api-key" id="api-key">
      <summary>API key</summary>
      <form class="api-key-form" id="api-key-form">
        <p class="api-key-alert" id="api-key-alert" role="alert" hidden></p>
        <label for="api-key-input">API key</label>
        <input
          id="api-key-input"
          name="apiKey"
          type="password"
          autocomplete="off"
          spellcheck={false}
          placeholder="rly_…"
          aria-describedby="api-key-note api-key-status"
        />
        <p class="hint" id="api-key-note">
          Kept in this browser only, and sent only to this Reelay server.
        </p>
        <p class="hint" id="api-key-status" role="status"></p>
        <div class="actions">
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" class="secondary" id="api-key-forget">
            Forget
          </button>
        </div>
      </form>
    </details>
  );
}
