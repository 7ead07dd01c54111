import { join, resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { loadEnvironment } from "./src/config/env-file.js";
import { describeTarget, readSettings, type Settings } from "./src/config/settings.js";
import { describeFailure, EXIT } from "./src/errors.js";
import { cleanReports, lockReports } from "./src/report/run-files.js";
import { listing } from "./src/vitest/listing.js";
import { ProgressReporter } from "./src/vitest/progress-reporter.js";
import { ConformanceReporter } from "./src/vitest/conformance-reporter.js";
import { SafeAllureReporter, SafeJUnitReporter } from "./src/vitest/safe-reporters.js";

// The conformance run: every probe in suites/ against the target (the bundled mock unless a base URL is set).
// The settings come from the one reader every command uses; when they are wrong, the defaults carry the
// config through and the global setup stops the run with the one-line error and exit 2.
function settings(): { s: Settings; readable: boolean } {
  try {
    return { s: readSettings(loadEnvironment().env), readable: true };
  } catch {
    return { s: readSettings({}), readable: false };
  }
}
// Settings that cannot be read write no report at all: the default folder may hold another run's reports.
const { s, readable } = settings();
const writesReports = readable && !listing();
// Reports land under the folder the command runs in, also when the suite runs from an installed package
// (--root node_modules/pc-contract): vitest would resolve a relative path against its root.
const reportsDir = resolve(s.reportsDir);
const resultsDir = join(reportsDir, "allure-results");
// A run takes its reports folder (one run a folder, given back when it exits) and cleans it before any reporter
// writes; `vitest list` touches neither. A folder that cannot be had is one line and exit 2.
if (writesReports) {
  try {
    lockReports(s.reportsDir);
    cleanReports(s.reportsDir, s.resume);
  } catch (error) {
    process.stderr.write(`pc-contract: ${describeFailure(error).line}\n`);
    process.exit(EXIT.harness);
  }
}
// A live target gets one request at a time from one process, so the rate and the budgets hold for the whole run.
const live = s.origins !== undefined;

export default defineConfig({
  test: {
    include: ["suites/**/*.test.ts"],
    // Fuzz mode is opt-in: the file holds PC_FUZZ_RUNS cases per operation.
    exclude: s.fuzzRuns > 0 ? [] : ["suites/fuzz.test.ts"],
    globalSetup: ["src/vitest/global-setup.ts"],
    setupFiles: ["allure-vitest/setup"],
    testTimeout: 600_000,
    // A fuzz run hands thousands of results to the reporters; the worker's stop waits behind them.
    teardownTimeout: 120_000,
    // Test files share modules (the catalog, compiled schemas, faker) instead of importing them nine times.
    isolate: false,
    // Transformed sources are kept on disk (node_modules/.experimental-vitest-cache) and reused by later runs.
    experimental: { fsModuleCache: true },
    // Against a live target a failure is tried once more; one that passes then is reported as flaky.
    ...(live ? { maxWorkers: 1, retry: 1 } : {}),
    // PC_MAX_FAILURES: stop after that many failed cases (vitest's bail); the summary says the rest did not run.
    ...(s.gates.maxFailures ? { bail: s.gates.maxFailures } : {}),
    // `vitest list` collects the cases and writes no report, nor does a run whose settings cannot be read: the last run's stay as they were.
    reporters: !writesReports
      ? ["default"]
      : [
          // Against a live target, progress: one line redrawn in an interactive terminal (vitest's own summary
          // window gives way to it), plain lines every 15 s elsewhere. First, so it clears its line before others write.
          ...(live ? [ProgressReporter.forThisProcess()] : []),
          live && process.stderr.isTTY && !process.env.CI ? (["default", { summary: false }] as ["default", { summary: boolean }]) : "default",
          // In GitHub Actions, each failure is also an annotation on the run and the pull request.
          ...(process.env.GITHUB_ACTIONS === "true" ? ["github-actions"] : []),
          new SafeJUnitReporter(join(reportsDir, "junit.xml"), "pc-contract conformance"),
          new SafeAllureReporter({
            resultsDir,
            environmentInfo: { target: describeTarget(s), strict: s.strict ? "1" : "0", contract: "error-codes 2023-06 (239 rows) + Referrals response codes" },
          }),
          // Last: it writes the matrix and the run's findings, and decides exits 2 (reports), 3 (target gone) and 4 (gates).
          new ConformanceReporter(s),
        ],
  },
});
