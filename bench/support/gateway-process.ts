/**
 * A Reelay gateway in a process of its own, configured from `REELAY_*` in its environment (see
 * `spawn-gateway.ts`), so its memory and CPU are measured apart from the load and the fakes.
 */
import { loadConfig } from "../../packages/gateway/src/config.ts";
import { startGateway } from "../../packages/gateway/src/gateway.ts";
import { serveProbe } from "./child-probe.ts";

const gateway = await startGateway(loadConfig(process.env));
serveProbe({ url: gateway.url }, () => gateway.close());
