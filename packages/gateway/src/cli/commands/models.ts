import type { Command } from "commander";
import { commandContext } from "../command-context.ts";
import { modelsTable } from "../format.ts";

export function registerModels(program: Command): void {
  program
    .command("models")
    .description("List the model catalog: capabilities, price, lifecycle and availability")
    .option("--available", "only models this server can run now")
    .action(async (options: { available?: boolean }, command: Command) => {
      const context = commandContext(command);
      const { data } = await context.client.models.list();
      const models = options.available ? data.filter((model) => model.available) : data;
      context.print(models, modelsTable(models));
    });
}
