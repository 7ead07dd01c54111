import { rmSync } from "node:fs";
import { join } from "node:path";
import AllureReporter from "allure-vitest/reporter";
import { defineConfig } from "vitest/config";
import { loadEnvFile } from "./src/config/env-file.js";
import { ConformanceReporter } from "./src/report/conformance-reporter.js";

// The conformance run: every probe in suites/ against the target (the bundled mock unless PC_BASE_URL is set).
loadEnvFile();
const env = process.env;
const reports = env.PC_REPORTS_DIR ?? "reports";
const resultsDir = join(reports, "allure-results");
// Every run starts from clean results: allure-vitest never clears its folder.
rmSync(resultsDir, { recursive: true, force: true });
for (const file of ["junit.xml", "conformance.json", "conformance.md"]) rmSync(join(reports, file), { force: true });
// A live tenant gets one request at a time from one process, so the rate and the budgets hold for the whole run.
const live = Boolean(env.PC_BASE_URL);

export default defineConfig({
  test: {
    include: ["suites/**/*.test.ts"],
    // Fuzz mode is opt-in: the file holds PC_FUZZ_RUNS cases per operation.
    exclude: env.PC_FUZZ_RUNS && env.PC_FUZZ_RUNS !== "0" ? [] : ["suites/fuzz.test.ts"],
    globalSetup: ["src/vitest/global-setup.ts"],
    setupFiles: ["allure-vitest/setup"],
    testTimeout: 600_000,
    // A fuzz run hands thousands of results to the reporters; the worker's stop waits behind them.
    teardownTimeout: 120_000,
    // Test files share modules (the catalog, compiled schemas, faker) instead of importing them nine times.
    isolate: false,
    // Against a live target a failure is tried once more; one that passes then is reported as flaky.
    ...(live ? { maxWorkers: 1, retry: 1 } : {}),
    reporters: [
      "default",
      ["junit", { outputFile: join(reports, "junit.xml"), suiteName: "pc-contract conformance" }],
      new ConformanceReporter(reports),
      new AllureReporter({ resultsDir, environmentInfo: { target: env.PC_BASE_URL ?? (env.PC_REPLAY ? `replay of ${env.PC_REPLAY}` : "bundled mock"), strict: env.PC_STRICT ?? "0", contract: "error-codes 2023-06 (239 rows) + Referrals response codes" } }),
    ],
  },
});
