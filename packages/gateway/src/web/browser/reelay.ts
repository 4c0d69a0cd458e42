import { Reelay } from "@reelay/client";

/** The API of the server that served this page. */
export const reelay = new Reelay({ baseUrl: location.origin });
