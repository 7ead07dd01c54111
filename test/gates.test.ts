import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, test } from "vitest";
import { readSettings } from "../src/config/settings.js";
import { bundledCatalog } from "../src/contract/catalog.js";
import type { CaseRecord } from "../src/gating/case-record.js";
import { buildMatrix } from "../src/report/conformance-matrix.js";
import { failedGates } from "../src/report/gates.js";
import { summarizeRun } from "../src/report/run-summary.js";
import { projectRoot } from "../src/contract/paths.js";
import { cleanEnv } from "./helpers/clean-env.js";
import { caseRecord } from "./helpers/case-record.js";
import { runChild } from "./helpers/run-child.js";

const vitestBin = join(projectRoot, "node_modules", "vitest", "vitest.mjs");
function suite(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runChild(process.execPath, [vitestBin, "run", ...args], {
    cwd: projectRoot,
    env: cleanEnv({ PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-gates-")), ...env }),
  });
}

const record = (id: string, expected: number, over: Partial<CaseRecord> = {}): CaseRecord =>
  caseRecord({ id, expected: [expected], observed: expected, ...over });

describe("gates", () => {
  test("settings: a share as a fraction or a percentage; anything else is refused naming the variable", () => {
    expect(readSettings({ PC_MIN_COVERAGE: "80%" }).gates.minCoverage).toBe(0.8);
    expect(readSettings({ PC_MIN_COVERAGE: "0.5", PC_FAIL_ON_SKIP: "1", PC_MAX_FAILURES: "3" }).gates).toEqual({
      minCoverage: 0.5,
      failOnSkip: true,
      maxFailures: 3,
    });
    expect(readSettings({}).gates).toEqual({ failOnSkip: false });
    expect(() => readSettings({ PC_MIN_COVERAGE: "120%" })).toThrow(/^PC_MIN_COVERAGE must be a share from 0 to 1, or a percentage from 0% to 100%$/);
    expect(() => readSettings({ PC_MIN_COVERAGE: "most" })).toThrow(/PC_MIN_COVERAGE must be a share/);
  });

  test("coverage per API and skips: a thin run fails its gate, a full one passes it", () => {
    const records = [record("a", 400), record("b", 401), record("s", 404, { outcome: "skipped", verdict: undefined, observed: undefined, reason: "a write" })];
    const matrix = buildMatrix(bundledCatalog(), records);
    const summary = summarizeRun(records);
    const lines = failedGates(matrix, summary, { minCoverage: 0.5, failOnSkip: true });
    expect(lines).toContainEqual(expect.stringMatching(/^core: 2 of 10 client-provokable statuses proven \(20%\), below PC_MIN_COVERAGE=50%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^referrals: 0 of 17 client-provokable statuses proven \(0%\), below PC_MIN_COVERAGE=50%$/));
    expect(lines).toContain("1 case skipped with PC_FAIL_ON_SKIP=1 (most: 1 × a write)");
    expect(failedGates(matrix, summary, { minCoverage: 0.2, failOnSkip: false }).filter((l) => l.startsWith("core"))).toEqual([]);
    expect(failedGates(matrix, summarizeRun(records.slice(0, 2)), { failOnSkip: true })).toEqual([]);
  });

  test("a run that passes every case but proves too little exits 4 with its own line; the full suite meets 100%", async () => {
    const thin = await suite(["suites/auth.test.ts"], { PC_MIN_COVERAGE: "100%" });
    expect(thin.code, thin.output.slice(-2000)).toBe(4);
    expect(thin.output).toMatch(/^pc-contract: gate failed: core: \d+ of 10 client-provokable statuses proven \(\d+(\.\d)?%\), below PC_MIN_COVERAGE=100%$/m);
    const full = await suite([], { PC_MIN_COVERAGE: "100%", PC_FAIL_ON_SKIP: "1" });
    expect(full.code, full.output.slice(-2000)).toBe(0);
    expect(full.output).not.toContain("gate failed");
  });

  test("PC_MAX_FAILURES stops the run early and says so; the contract's exit 1 stands", async () => {
    const run = await suite(["suites/input.test.ts", "suites/auth.test.ts"], { PC_MOCK_DEFECTS: "empty-message", PC_MAX_FAILURES: "2" });
    expect(run.code, run.output.slice(-2000)).toBe(1);
    expect(run.output).toMatch(/^ {2}stopped early \(PC_MAX_FAILURES=2\): \d+ cases did not run$/m);
  });
});
