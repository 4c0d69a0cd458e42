/** The text with every occurrence of the secret masked; unchanged when there is no secret. */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? text.replaceAll(secret, "***") : text;
}
