import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkNames } from "../checks/index.js";
import { projectRoot } from "../contract/paths.js";
import { UsageError } from "../errors.js";
import { areas } from "../probes/probe.js";
import { packageDir } from "./package-dir.js";

export const RUN_USAGE = `usage: pc-contract run [--base-url URL] [--referrals-base-url URL] [--strict] [--area NAME]... [--operation ID]...
                       [--check NAME]... [--reports DIR] [--seed N] [--fuzz N] [--baseline FILE] [--record FILE]
                       [--replay FILE] [--min-coverage SHARE] [--fail-on-skip] [--max-failures N] [--rate-limit N]
                       [--max-requests N] [--time-budget SECONDS] [--resume PROGRESS] [--allow-writes] [--defect NAME]...
                       [--shard I/N]

run       runs the conformance suite (the bundled mock unless a base URL is given) and writes the reports. Each
          flag sets the PC_* variable of the same meaning (README, "Settings"); the environment and .env set the
          rest, credentials included (never on a command line, where ps shows them). --area, --operation and
          --check narrow the run to contract areas, to operations (the first part of a case id: customers.get)
          and to the findings of some checks; --shard runs one part of the suite (merge the parts with
          pc-contract merge). The exit code is the suite's: 0 conformant, 1 contract failures,
          2 harness fault, 3 target unavailable, 4 a gate failed.`;

/** Each flag and the PC_* variable it sets; the one settings reader validates the value as it would from the environment. */
const VALUE_FLAGS: Record<string, string> = {
  "base-url": "PC_BASE_URL",
  "referrals-base-url": "PC_REFERRALS_BASE_URL",
  reports: "PC_REPORTS_DIR",
  seed: "PC_SEED",
  fuzz: "PC_FUZZ_RUNS",
  baseline: "PC_BASELINE",
  record: "PC_RECORD",
  replay: "PC_REPLAY",
  "min-coverage": "PC_MIN_COVERAGE",
  "require-status-cases": "PC_REQUIRE_STATUS_CASES",
  "max-failures": "PC_MAX_FAILURES",
  "rate-limit": "PC_RATE_LIMIT",
  "max-requests": "PC_MAX_REQUESTS",
  "time-budget": "PC_TIME_BUDGET",
  resume: "PC_RESUME",
};
const BOOLEAN_FLAGS: Record<string, string> = { strict: "PC_STRICT", "fail-on-skip": "PC_FAIL_ON_SKIP", "allow-writes": "PC_ALLOW_WRITES" };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface SuiteInvocation {
  args: string[];
  env: Record<string, string>;
}

/** The vitest command line and the PC_* variables that `pc-contract run` stands for. Pure, so a test can read it. */
export function suiteInvocation(argv: string[]): SuiteInvocation {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(Object.keys(VALUE_FLAGS).map((f) => [f, { type: "string" as const }])),
        ...Object.fromEntries(Object.keys(BOOLEAN_FLAGS).map((f) => [f, { type: "boolean" as const }])),
        shard: { type: "string" },
        area: { type: "string", multiple: true },
        operation: { type: "string", multiple: true },
        check: { type: "string", multiple: true },
        defect: { type: "string", multiple: true },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const env: Record<string, string> = {};
  for (const [flag, variable] of Object.entries(VALUE_FLAGS)) if (typeof values[flag] === "string") env[variable] = values[flag];
  for (const [flag, variable] of Object.entries(BOOLEAN_FLAGS)) if (values[flag] === true) env[variable] = "1";
  const defects = (values.defect as string[] | undefined) ?? [];
  if (defects.length) env.PC_MOCK_DEFECTS = defects.join(",");
  const checks = (values.check as string[] | undefined) ?? [];
  for (const c of checks) if (!checkNames.includes(c)) throw new UsageError(`--check ${c}: no such check; the checks are ${checkNames.join(", ")}`);
  if (checks.length) env.PC_CHECKS = checks.join(",");

  const args = ["run", "--root", projectRoot, "--config", join(projectRoot, "vitest.config.ts")];
  const shard = values.shard;
  if (typeof shard === "string") {
    if (!/^\d+\/\d+$/.test(shard)) throw new UsageError(`--shard ${shard}: write it as INDEX/COUNT, such as 1/3`);
    args.push(`--shard=${shard}`);
  }
  const chosen = (values.area as string[] | undefined) ?? [];
  for (const a of chosen) if (!(areas as readonly string[]).includes(a)) throw new UsageError(`--area ${a}: no such area; the areas are ${areas.join(", ")}`);
  args.push(...chosen.map((a) => `suites/${a}.test.ts`));
  const operations = (values.operation as string[] | undefined) ?? [];
  for (const o of operations)
    if (!/^[A-Za-z][\w.-]*$/.test(o)) throw new UsageError(`--operation ${o}: an operation is the first part of a case id, such as customers.get`);
  // A case's full name is "<api> · <area> <operation>/<fault>": match the operation where the id starts.
  if (operations.length) args.push("-t", `(^| )(${operations.map(escapeRegExp).join("|")})/`);
  return { args, env };
}

/** `pc-contract run`: the suite in a child vitest, signals passed on, its exit code returned. */
export function runSuite(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { args, env: set } = suiteInvocation(argv);
  const vitest = join(packageDir("vitest"), "vitest.mjs");
  const child = spawn(process.execPath, [vitest, ...args], { stdio: "inherit", env: { ...env, ...set } });
  const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code ?? (signal === "SIGINT" ? 130 : 143));
    }),
  );
}
