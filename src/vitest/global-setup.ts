import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { checkNames } from "../checks/index.js";
import { loadEnvironment } from "../config/env-file.js";
import { loadConfig, type Config } from "../config/load-config.js";
import { describeTarget } from "../config/settings.js";
import { bundledCatalog } from "../contract/catalog.js";
import { bundledOperations } from "../contract/operations.js";
import { packageVersion } from "../contract/paths.js";
import { ConfigError, describeFailure } from "../errors.js";
import { finishRecording, startRecording } from "../har/har-recorder.js";
import { readHar } from "../har/read-har.js";
import { readBaseline } from "../gating/baseline.js";
import { startMock, type RunningMock } from "../mock/server.js";
import { removeAll, takeParts, writeLedger } from "../probes/ledger.js";
import { createTarget, mockTargetSpec, remoteTargetSpec, replayTargetSpec, withMockHandshake, type TargetSpec } from "../probes/target.js";
import { LEDGER, LEDGER_PARTS, startRun } from "../report/run-files.js";
import type { RunContext } from "./context.js";
import { printable } from "../transport/printable.js";
import { listing } from "./listing.js";
import { PROGRESS, readProgress, type ProgressFile } from "../report/progress.js";
import { probes } from "../../suites/probes/index.js";
import { deferredReason, planLines, planRun, requestBudget } from "./plan.js";
import { preflight } from "./preflight.js";

const say = (line: string) => process.stderr.write(`pc-contract: ${printable(line)}\n`);

/** What every worker is handed: the target and the run's settings. */
const runContext = (config: Config, target: TargetSpec): RunContext => ({
  target,
  seed: config.seed,
  fuzzRuns: config.fuzzRuns,
  strict: config.strict,
  ...(config.checks ? { checks: config.checks } : {}),
  baseline: config.baseline,
  reportsDir: config.reportsDir,
});

/** Replays the recording's seed, so the generated cases are the ones that were recorded. */
function replayConfig(config: Config): Config {
  const log = readHar(config.replay!).log;
  return { ...config, seed: log._pcSeed ?? config.seed, fuzzRuns: log._pcFuzzRuns ?? config.fuzzRuns };
}

/** The configuration of a resumed run: the progress file's seed and fuzz count, which the environment may repeat but not change. */
function resumeConfig(config: Config, progress: ProgressFile, seedSetting: string | undefined): Config {
  if (config.replay) throw new ConfigError("PC_RESUME and PC_REPLAY do not go together: a replay runs its recording whole");
  if (seedSetting !== undefined && seedSetting !== "" && Number(seedSetting) !== progress.seed)
    throw new ConfigError(`PC_SEED=${seedSetting} differs from the seed ${progress.seed} of ${config.resume}: a resumed run keeps the seed (unset PC_SEED)`);
  if (config.fuzzRuns !== progress.fuzzRuns)
    throw new ConfigError(`PC_FUZZ_RUNS=${config.fuzzRuns} differs from the ${progress.fuzzRuns} of ${config.resume}: a resumed run keeps it`);
  return { ...config, seed: progress.seed };
}

async function start(project: TestProject): Promise<() => Promise<void>> {
  const environment = loadEnvironment();
  let config = loadConfig(environment.env);
  for (const notice of [...environment.notices, ...config.notices]) say(`notice: ${notice}`);
  if (config.replay) config = replayConfig(config);
  // A resumed run takes the seed of the parts before it: the same ids and bodies.
  const resumed = config.resume ? readProgress(config.resume) : undefined;
  if (resumed) config = resumeConfig(config, resumed, environment.env.PC_SEED);
  // The contract data every worker reads: a broken file stops the run here, in one line, not in a worker.
  bundledCatalog();
  bundledOperations();
  const baseline = readBaseline(config.baseline);
  const unknownCheck = config.checks?.find((c) => !checkNames.includes(c));
  if (unknownCheck) throw new ConfigError(`PC_CHECKS names "${unknownCheck}", no check of this pc-contract; the checks are ${checkNames.join(", ")}`);
  // `vitest list` collects the cases and sends nothing: it touches no report and no target.
  if (listing()) {
    project.provide("pcRun", runContext(config, replayTargetSpec({ ...config, replay: "listing" })));
    return async () => {};
  }

  let mock: RunningMock | undefined;
  let spec: TargetSpec;
  if (config.replay) {
    spec = replayTargetSpec(config);
  } else if (config.origins) {
    spec = await withMockHandshake(remoteTargetSpec(config), config.ids, Math.min(5_000, config.pacing.requestTimeoutMs));
    for (const note of await preflight(spec)) say(`preflight ${note}`);
    // One line, before the first request, saying where writes will land.
    say(
      config.writeTenant
        ? `writes: ON, to the integration sandbox tenant ${config.writeTenant} (PC_ALLOW_WRITES=sandbox, confirmed by PC_SANDBOX_TENANT_ID)`
        : config.allowWrites
          ? "writes: ON (PC_ALLOW_WRITES=1; not a Partner Center host)"
          : "writes: off; cases that change state when accepted are skipped (PC_ALLOW_WRITES=sandbox with PC_SANDBOX_TENANT_ID runs them against an integration sandbox)",
    );
  } else {
    // Fuzz mode sends thousands of requests to one path; the documented 500 a minute would throttle it.
    mock = await startMock({ defects: config.mockDefects, throttleLimit: Math.max(500, config.fuzzRuns + 500) });
    spec = mockTargetSpec(mock, config);
  }
  if (config.record) startRecording(config.record);
  // Resources a case creates on a live target are noted here by the workers, and removed when the run ends
  // (the bundled mock's go with it).
  const ledgerParts = join(config.reportsDir, LEDGER_PARTS);
  if (spec.kind === "remote") spec = { ...spec, ledger: ledgerParts };
  let context = runContext(config, spec);
  if (resumed) {
    context = { ...context, done: resumed.done.map((r) => r.id), resume: config.resume! };
    say(
      `resuming ${config.resume}: ${resumed.done.length} cases done in ${resumed.parts.length} parts before, ${resumed.left.length} left; seed ${resumed.seed}`,
    );
  }
  // Before the first request: what the run will send, what it will skip and why, how long it will take, and
  // which cases a budget covers, coverage-first.
  if (spec.kind === "remote" || requestBudget(config.pacing)) {
    const planned = createTarget(spec);
    try {
      // Loaded here, not at the top: a run against the bundled mock plans nothing, and this module is loaded
      // before the first worker can start.
      const { enumerateCases, fuzzCases } = await import("../generate/build-cases.js");
      const done = new Set(context.done ?? []);
      const cases = [...probes, ...enumerateCases(config.seed), ...(config.fuzzRuns ? fuzzCases(config.seed, config.fuzzRuns) : [])].filter(
        (c) => !done.has(c.id),
      );
      const plan = planRun(cases, planned, config.pacing);
      if (spec.kind === "remote" || plan.budget) for (const line of planLines(plan, config.pacing.ratePerSecond)) say(line);
      if (plan.budget) {
        const reason = deferredReason(plan.budget.limit, plan.run, plan.run + plan.budget.deferred.length, join(config.reportsDir, PROGRESS));
        context = { ...context, deferred: { ids: plan.budget.deferred, reason } };
      }
    } finally {
      await planned.dispatcher.close();
    }
  }
  const target = spec.kind === "bundled-mock" ? "bundled mock" : describeTarget(config);
  startRun(config.reportsDir, { startedAt: new Date().toISOString(), seed: config.seed, target });
  project.provide("pcRun", context);
  const fuzz = config.fuzzRuns ? `, fuzz ${config.fuzzRuns} per operation` : "";
  const accepted = baseline.entries.length ? `, ${baseline.entries.length} baseline entries from ${config.baseline}` : "";
  const mockOnly = spec.isMock && spec.kind === "remote" ? " (answers the mock's handshake: mock-only probes run)" : "";
  say(`target ${target}${mockOnly}, seed ${config.seed}${fuzz}${accepted} (replay with PC_SEED=${config.seed})`);
  return async () => {
    if (spec.kind === "remote") await cleanUpAfterRun(spec, ledgerParts, join(config.reportsDir, LEDGER));
    await mock?.close();
    if (config.record) {
      const count = finishRecording(config.record, { seed: config.seed, fuzzRuns: config.fuzzRuns, version: packageVersion() });
      say(`recorded ${count} exchanges to ${config.record}`);
    }
  };
}

/** Removes what the run created by accident, writes created.json (what is left, with the call that removes it) and says so. */
async function cleanUpAfterRun(spec: TargetSpec, parts: string, file: string): Promise<void> {
  const resources = takeParts(parts);
  const target = createTarget(spec);
  try {
    const ledger = await removeAll(resources, target);
    writeLedger(file, ledger);
    if (ledger.created)
      say(
        `created ${ledger.created} resources by accident; removed ${ledger.removed}${ledger.expire.length ? `, ${ledger.expire.length} expire on their own` : ""}; ${ledger.left.length} left${ledger.left.length ? ` (listed in ${file}; npx pc-contract cleanup ${file} retries)` : ""}`,
      );
  } finally {
    await target.dispatcher.close();
  }
}

/**
 * Reads the configuration once, checks the contract data, the baseline and the target (or starts the bundled
 * mock), and hands them to every worker. Anything that stops the run here is one line and its exit code.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    return await start(project);
  } catch (error) {
    const { line, exit } = describeFailure(error);
    say(line);
    process.exit(exit);
  }
}
