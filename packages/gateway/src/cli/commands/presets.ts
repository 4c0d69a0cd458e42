import type { Command } from "commander";
import type { ItemResource, Reelay } from "@reelay/client";
import { commandContext } from "../command-context.ts";
import { categoriesTable, presetsTable, stylesTable } from "../item-tables.ts";

/** `reelay <name> [list]`: every item of one kind, built-in ones first, as a table or JSON. */
function registerListing<View>(
  program: Command,
  name: string,
  description: string,
  resource: (client: Reelay) => ItemResource<View, unknown>,
  toTable: (items: View[]) => string,
): void {
  program
    .command(name)
    .description(description)
    .command("list", { isDefault: true })
    .description(`List the ${name}`)
    .action(async (_options: unknown, command: Command) => {
      const context = commandContext(command);
      const { data } = await resource(context.client).list();
      context.print(data, toTable(data));
    });
}

export function registerPresetCommands(program: Command): void {
  registerListing(
    program,
    "presets",
    "List presets: a model and parameters to start a job from (generate --preset)",
    (client) => client.presets,
    presetsTable,
  );
  registerListing(
    program,
    "styles",
    "List styles: words added around the prompt, and what to avoid (generate --style)",
    (client) => client.styles,
    stylesTable,
  );
  registerListing(
    program,
    "categories",
    "List categories that group videos (generate --category, list --category)",
    (client) => client.categories,
    categoriesTable,
  );
}
