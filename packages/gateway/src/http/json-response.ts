/** An OpenAPI response (or body) of JSON matching `schema`. */
export const jsonResponse = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
