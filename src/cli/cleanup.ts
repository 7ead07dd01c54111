import { existsSync } from "node:fs";
import { loadConfig } from "../config/load-config.js";
import { ReportError, UsageError } from "../errors.js";
import { readLedger, removeAll, writeLedger } from "../probes/ledger.js";
import { createTarget } from "../probes/target.js";

/**
 * `pc-contract cleanup [created.json]`: sends again the removal of every resource a run created and could not
 * remove, with the credentials of the environment (or .env), and writes back what is still left.
 */
export async function cleanupCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ lines: string[]; left: number }> {
  if (args.length > 1 || args.some((a) => a.startsWith("-"))) throw new UsageError("cleanup takes one file: the created.json a run wrote");
  const config = loadConfig(env);
  const file = args[0] ?? `${config.reportsDir}/created.json`;
  if (!existsSync(file)) throw new ReportError(`${file} does not exist: no run has noted a created resource there`);
  let resources;
  try {
    resources = readLedger(file);
  } catch (error) {
    throw new ReportError(`${file}: ${(error as Error).message}`);
  }
  const target = createTarget({
    kind: "remote",
    origins: config.origins ?? {},
    auth: config.auth,
    ids: {},
    isMock: false,
    pacing: config.pacing,
    allowWrites: false,
    ...(config.resolve ? { resolve: config.resolve } : {}),
  });
  try {
    const ledger = await removeAll(resources, target);
    writeLedger(file, ledger);
    return {
      lines: [
        `${file}: ${resources.length} to remove; removed ${ledger.removed}; ${ledger.left.length} left${ledger.left.length ? " (each with the call that removes it)" : ""}`,
        ...ledger.left.map((r) => `  ${r.url}: ${r.error ?? r.note ?? "no removal known"}${r.command ? `\n    ${r.command}` : ""}`),
      ],
      left: ledger.left.length,
    };
  } finally {
    await target.dispatcher.close();
  }
}
