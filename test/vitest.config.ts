import { rmSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// The project's own tests (npm test): checks, catalog, mock, and the self-test that runs the probes against every defect.
const reports = join(process.env.PC_REPORTS_DIR ?? "reports", "self-test");
rmSync(join(reports, "junit.xml"), { force: true });

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ["default", ["junit", { outputFile: join(reports, "junit.xml"), suiteName: "pc-contract self-test" }]],
  },
});
