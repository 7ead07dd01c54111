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
    globalSetup: ["src/suite/global-setup.ts"],
    setupFiles: ["allure-vitest/setup"],
    testTimeout: 60_000,
    reporters: [
      "default",
      ["junit", { outputFile: join(reports, "junit.xml"), suiteName: "pc-contract conformance" }],
      new AllureReporter({ resultsDir, environmentInfo: { target: process.env.PC_BASE_URL ?? "bundled mock", strict: process.env.PC_STRICT ?? "0" } }),
    ],
  },
});
