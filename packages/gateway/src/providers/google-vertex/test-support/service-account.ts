import { generateKeyPairSync, sign } from "node:crypto";
import { writeFile } from "node:fs/promises";

export const SERVICE_ACCOUNT_EMAIL = "reelay-test@reelay-test.iam.gserviceaccount.com";

/** A fresh RSA key pair in the PEM forms a service-account key file and the fake use. */
export function generateServiceAccountKey(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** Writes a key file shaped like the JSON Google Cloud's console hands out. */
export async function writeServiceAccountFile(path: string, privateKeyPem: string, tokenUri: string): Promise<void> {
  const key = {
    type: "service_account",
    project_id: "reelay-test",
    private_key_id: "0123456789abcdef0123456789abcdef01234567",
    private_key: privateKeyPem,
    client_email: SERVICE_ACCOUNT_EMAIL,
    client_id: "100000000000000000000",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
  };
  await writeFile(path, JSON.stringify(key, null, 2));
}

/** An RS256 JWT assertion signed by hand, for testing the token endpoint directly. */
export function signAssertion(privateKeyPem: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT", kid: "0123" })}.${encode(claims)}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), privateKeyPem).toString("base64url")}`;
}
