/**
 * The callback signature test vectors of shared/providers/*.md §9, one per signature scheme, each
 * written out once here for the tests of the schemes (shared/callback-signatures.test.ts) and of
 * the adapters' `parseCallback` (each provider's callback.test.ts). `headers` are the signature
 * headers exactly as the scheme's signer returns them.
 */

const standardWebhook = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "wh_6923c1f0a2b48190b1e0c4d7e9f20a5b",
  timestamp: "1764000300",
  videoId: "video_6923c1f0a2b48190b1e0c4d7e9f20a5b00c3d1e2f4a5b6c7",
  signature: "v1,4KwbbPRt1RTVF86nrziNBbQeyDn/Cuyv/uAxD7bKLcY=",
} as const;

/**
 * Standard Webhooks, from openai-sora.md §9 (OpenAI); Gemini project webhooks use the same
 * algorithm and google-veo.md §9 refers to this vector. The body is a `video.completed` event
 * naming `videoId`.
 */
export const STANDARD_WEBHOOK_VECTOR = {
  ...standardWebhook,
  body: `{"id":"evt_6923c2a1b3c48190a7d5e6f708192a3b","object":"event","created_at":1764000300,"type":"video.completed","data":{"id":"${standardWebhook.videoId}"}}`,
  headers: {
    "webhook-id": standardWebhook.id,
    "webhook-timestamp": standardWebhook.timestamp,
    "webhook-signature": standardWebhook.signature,
  },
} as const;

const pollo = {
  /** Base64 of "fake-pollo-webhook-secret-0001", as Pollo hands secrets out. */
  secret: "ZmFrZS1wb2xsby13ZWJob29rLXNlY3JldC0wMDAx",
  id: "msg_01JDTESTPOLLO0001",
  timestamp: "1764000000",
  taskId: "cm3xk2p9a0001pollo",
  signature: "y0p3jv+OCrRZ6OAdmKa8z42f6wCOjM26ldpb0Dv+qN8=",
} as const;

/** Pollo, from pollo.md §9: a bare base64 signature; the body names `taskId`. */
export const POLLO_VECTOR = {
  ...pollo,
  body: `{"taskId":"${pollo.taskId}","status":"succeed"}`,
  headers: {
    "X-Webhook-Id": pollo.id,
    "X-Webhook-Timestamp": pollo.timestamp,
    "X-Webhook-Signature": pollo.signature,
  },
} as const;

const pixverse = {
  secret: "fake-pixverse-webhook-secret",
  timestamp: "1764000000",
  nonce: "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6",
  videoId: "123456789",
  signature: "dYo7HF6hz/HoBYWEn/E1tmIsk+/8pxO8xdHpC1YC5Po=",
} as const;

/**
 * PixVerse, from pixverse.md §9: the signature covers `payload`, the body's fields as a sorted
 * query string, not the body's bytes; the body names the video by `videoId`.
 */
export const PIXVERSE_VECTOR = {
  ...pixverse,
  body: `{"id":"${pixverse.videoId}","status":1,"url":"https://example.com/video.mp4","has_audio":true}`,
  payload: `has_audio=true&id=${pixverse.videoId}&status=1&url=https%3A%2F%2Fexample.com%2Fvideo.mp4`,
  headers: {
    "Webhook-Timestamp": pixverse.timestamp,
    "Webhook-Nonce": pixverse.nonce,
    "Webhook-Signature": pixverse.signature,
  },
} as const;

const vidu = {
  /** The API token that created the task, which is the key. */
  token: "vda_fake_api_token_0001",
  callbackUrl: "http://127.0.0.1:8080/vidu/callback?name=james&age=36",
  date: "Tue, 24 Nov 2026 07:30:00 GMT",
  nonce: "123e4567-e89b-12d3-a456-426614174000",
  accessKey: "vidu",
  signature: "vcV7+fYfjuV/bUUiJVUH3qX9fbGiXpiX82PEtynzTaQ=",
} as const;

/**
 * Vidu, from vidu.md §9: a POST to `callbackUrl` signed over the request line and the `Date` and
 * `x-request-nonce` headers (`signingString`), not over the body.
 */
export const VIDU_VECTOR = {
  ...vidu,
  signingString: `POST\n/vidu/callback\nname=james&age=36\n${vidu.accessKey}\n${vidu.date}\nDate:${vidu.date}\nx-request-nonce:${vidu.nonce}\n`,
  headers: {
    Date: vidu.date,
    "x-request-nonce": vidu.nonce,
    "X-HMAC-SIGNED-HEADERS": "Date;x-request-nonce",
    "X-HMAC-SIGNATURE": vidu.signature,
    "X-HMAC-ALGORITHM": "hmac-sha256",
    "X-HMAC-ACCESS-KEY": vidu.accessKey,
  },
} as const;
