import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { KeptSecret, SecretKeeper } from "./secret-keeper.ts";

/** Secrets in files of the data directory (`<dataDir>/<name>`), readable by the owner only. */
export function createFileSecretKeeper(dataDir: string): SecretKeeper {
  const fileOf = (name: string) => path.join(dataDir, name);
  const read = async (name: string): Promise<Buffer | null> => {
    try {
      return await readFile(fileOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };
  return {
    describe: fileOf,
    async keep(name, create): Promise<KeptSecret> {
      const existing = await read(name);
      if (existing !== null) return { value: existing, created: false };
      const value = create();
      try {
        // `wx` fails when another process created the file meanwhile, instead of overwriting its secret.
        await writeFile(fileOf(name), value, { mode: 0o600, flag: "wx" });
        return { value, created: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        return { value: (await read(name)) ?? value, created: false };
      }
    },
  };
}
