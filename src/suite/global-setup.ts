import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { ConfigError, loadConfig } from "../config/load-config.js";
import { startMock, type RunningMock } from "../mock/server.js";
import { request } from "undici";
import { MOCK_FIXTURES_PATH } from "../mock/server.js";
import { isLoopback, mockTargetSpec, remoteTargetSpec, type TargetSpec } from "../probes/target.js";

declare module "vitest" {
  export interface ProvidedContext {
    pcTarget: TargetSpec;
    pcSeed: number;
    pcFuzzRuns: number;
  }
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

/** Reads the configuration once, starts the bundled mock when no target is configured, and hands the target to every worker. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`pc-contract: configuration error: ${error.message}\n`);
    }
    throw error;
  }
  let mock: RunningMock | undefined;
  let spec: TargetSpec;
  if (config.coreBaseUrl) {
    spec = await withMockFixtures(remoteTargetSpec(config), config.ids);
  } else {
    // Fuzz mode sends thousands of requests to one path; the documented 500 a minute would throttle it.
    mock = await startMock({ defects: config.mockDefects, throttleLimit: Math.max(500, config.fuzzRuns + 500) });
    spec = mockTargetSpec(mock, config.strict);
  }
  project.provide("pcTarget", spec);
  project.provide("pcSeed", config.seed);
  project.provide("pcFuzzRuns", config.fuzzRuns);
  const fuzz = config.fuzzRuns ? `, fuzz ${config.fuzzRuns} per operation` : "";
  process.stderr.write(`pc-contract: target ${spec.kind === "bundled-mock" ? "bundled mock" : spec.origins.core}, seed ${config.seed}${fuzz} (replay with PC_SEED=${config.seed})\n`);
  return async () => {
    await mock?.close();
  };
}
