export * from "@reelay/client";
export { loadConfig, ConfigError, type Config } from "./config.ts";
export { startGateway, type Gateway, type GatewayOptions } from "./gateway.ts";
export { createVideoGenerationService, type InProcessServiceOptions } from "./in-process-service.ts";
