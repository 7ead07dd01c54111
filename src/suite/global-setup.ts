import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { ConfigError, loadConfig } from "../config/load-config.js";
import { startMock, type RunningMock } from "../mock/server.js";
import { mockTargetSpec, remoteTargetSpec, type TargetSpec } from "../probes/target.js";

declare module "vitest" {
  export interface ProvidedContext {
    pcTarget: TargetSpec;
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
    spec = remoteTargetSpec(config);
  } else {
    mock = await startMock({ defects: config.mockDefects });
    spec = mockTargetSpec(mock, config.strict);
  }
  project.provide("pcTarget", spec);
  return async () => {
    await mock?.close();
  };
}
