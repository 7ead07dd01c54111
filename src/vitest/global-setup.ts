import { readFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { ConfigError, loadConfig, type Config } from "../config/load-config.js";
import { projectRoot } from "../contract/paths.js";
import { finishRecording, startRecording } from "../har/har-recorder.js";
import { HarError, readHar } from "../har/read-har.js";
import { MOCK_FIXTURES_PATH, startMock, type RunningMock } from "../mock/server.js";
import { isLoopback, mockTargetSpec, remoteTargetSpec, replayTargetSpec, type TargetSpec } from "../probes/target.js";
import { readBaseline, type BaselineEntry } from "../report/baseline.js";
import { EXIT } from "./exit-codes.js";
import { EnvironmentProblem, preflight } from "./preflight.js";

declare module "vitest" {
  export interface ProvidedContext {
    pcTarget: TargetSpec;
    pcSeed: number;
    pcFuzzRuns: number;
    pcBaseline: BaselineEntry[];
  }
}

const say = (line: string) => process.stderr.write(`pc-contract: ${line}\n`);

/** Ends the run before any probe, in one line, with an exit code a CI job can tell apart. */
function stop(kind: string, message: string, code: number): never {
  say(`${kind}: ${message}`);
  process.exit(code);
}

/** A target on loopback may be a standalone mock: if it says so, its seeded ids fill in what the configuration does not name. */
async function withMockFixtures(spec: TargetSpec, configured: Record<string, string>): Promise<TargetSpec> {
  if (!isLoopback(spec.origins.core)) return spec;
  try {
    const response = await request(`${spec.origins.core}${MOCK_FIXTURES_PATH}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.body.json()) as { ids?: Record<string, string> };
    return response.statusCode === 200 && body.ids ? { ...spec, ids: { ...spec.ids, ...body.ids, ...configured } } : spec;
  } catch {
    return spec;
  }
}

/** Replays the recording's seed, so the generated cases are the ones that were recorded. */
function replayConfig(config: Config): Config {
  try {
    const log = readHar(config.replay!).log;
    return { ...config, seed: log._pcSeed ?? config.seed, fuzzRuns: log._pcFuzzRuns ?? config.fuzzRuns };
  } catch (error) {
    if (error instanceof HarError) stop("recording error", error.message, EXIT.harness);
    throw error;
  }
}

/**
 * Reads the configuration once, checks the target (or starts the bundled mock), and hands the target, the
 * seed and the fuzz size to every worker.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) stop("configuration error", error.message, EXIT.harness);
    throw error;
  }
  if (config.replay) config = replayConfig(config);
  let baseline: BaselineEntry[];
  try {
    baseline = readBaseline(config.baseline);
  } catch (error) {
    if (error instanceof ConfigError) stop("baseline error", error.message, EXIT.harness);
    throw error;
  }
  let mock: RunningMock | undefined;
  let spec: TargetSpec;
  if (config.replay) {
    spec = replayTargetSpec(config);
  } else if (config.coreBaseUrl) {
    spec = await withMockFixtures(remoteTargetSpec(config), config.ids);
    try {
      for (const note of await preflight(spec)) say(`preflight ${note}`);
    } catch (error) {
      if (error instanceof EnvironmentProblem) stop("environment problem", error.message, EXIT.environment);
      throw error;
    }
  } else {
    // Fuzz mode sends thousands of requests to one path; the documented 500 a minute would throttle it.
    mock = await startMock({ defects: config.mockDefects, throttleLimit: Math.max(500, config.fuzzRuns + 500) });
    spec = mockTargetSpec(mock, config);
  }
  if (config.record) startRecording(config.record);
  project.provide("pcTarget", spec);
  project.provide("pcSeed", config.seed);
  project.provide("pcFuzzRuns", config.fuzzRuns);
  project.provide("pcBaseline", baseline);
  const where = spec.kind === "bundled-mock" ? "bundled mock" : spec.kind === "replay" ? `replay of ${config.replay}` : spec.origins.core;
  const fuzz = config.fuzzRuns ? `, fuzz ${config.fuzzRuns} per operation` : "";
  const accepted = baseline.length ? `, ${baseline.length} baseline entries from ${config.baseline}` : "";
  say(`target ${where}, seed ${config.seed}${fuzz}${accepted} (replay with PC_SEED=${config.seed})`);
  return async () => {
    await mock?.close();
    if (config.record) {
      const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string };
      const count = finishRecording(config.record, { seed: config.seed, fuzzRuns: config.fuzzRuns, version });
      say(`recorded ${count} exchanges to ${config.record}`);
    }
  };
}
