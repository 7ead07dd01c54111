import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// The project's own tests (npm test): checks, catalog, mock, and the self-test that runs the probes against every defect.
const reports = join(process.env.PC_REPORTS_DIR ?? "reports", "self-test");
rmSync(join(reports, "junit.xml"), { force: true });

// One temporary root for the whole run, inherited by the workers and every child they start; removed at the end.
if (!process.env.PCCONTRACT_TEST_TMP) {
  process.env.PCCONTRACT_TEST_TMP = mkdtempSync(join(tmpdir(), "pc-contract-test-"));
  process.env.TMPDIR = process.env.PCCONTRACT_TEST_TMP;
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/temp-root.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ["default", ["junit", { outputFile: join(reports, "junit.xml"), suiteName: "pc-contract self-test" }]],
  },
});
