import { rmSync } from "node:fs";
import { join } from "node:path";
import AllureReporter from "allure-vitest/reporter";
import { defineConfig } from "vitest/config";

// The conformance run: every probe in suites/ against the target (the bundled mock unless PC_BASE_URL is set).
const reports = process.env.PC_REPORTS_DIR ?? "reports";
const resultsDir = join(reports, "allure-results");
// Every run starts from clean results: allure-vitest never clears its folder.
rmSync(resultsDir, { recursive: true, force: true });
rmSync(join(reports, "junit.xml"), { force: true });

export default defineConfig({
  test: {
    include: ["suites/**/*.test.ts"],
    // Fuzz mode is opt-in: the file holds PC_FUZZ_RUNS cases per operation.
    exclude: process.env.PC_FUZZ_RUNS && process.env.PC_FUZZ_RUNS !== "0" ? [] : ["suites/fuzz.test.ts"],
    globalSetup: ["src/suite/global-setup.ts"],
    setupFiles: ["allure-vitest/setup"],
    testTimeout: 60_000,
    // A fuzz run hands thousands of results to the reporters; the worker's stop waits behind them.
    teardownTimeout: 120_000,
    reporters: [
      "default",
      ["junit", { outputFile: join(reports, "junit.xml"), suiteName: "pc-contract conformance" }],
      new AllureReporter({ resultsDir, environmentInfo: { target: process.env.PC_BASE_URL ?? "bundled mock", strict: process.env.PC_STRICT ?? "0" } }),
    ],
  },
});
