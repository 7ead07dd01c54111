import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { probes } from "../suites/probes/index.js";
import { cleanEnv } from "./helpers/clean-env.js";

/** The methods suite against a mock whose 405s lack Allow: the probes that expect a 405 fail, the others pass. */
const methods = probes.filter((p) => p.area === "methods");
const failing = methods.filter((p) => p.expect.status.length === 1 && p.expect.status[0] === 405).length;
const expectedStats = { total: methods.length, failed: failing, passed: methods.length - failing };

const env = cleanEnv;

describe("npm run report", () => {
  test("renders the Allure HTML report of a run with failures, offline: no analytics tag, the failures counted", () => {
    const reports = mkdtempSync(join(tmpdir(), "pc-report-"));
    const run = spawnSync("npx", ["vitest", "run", "suites/methods.test.ts"], {
      cwd: projectRoot,
      env: env({ PC_MOCK_DEFECTS: "allow-missing", PC_REPORTS_DIR: reports }),
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    const report = spawnSync("npm", ["run", "--silent", "report"], { cwd: projectRoot, env: env({ PC_REPORTS_DIR: reports }), encoding: "utf8" });
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toContain(join(reports, "allure-report", "single-file", "index.html"));
    for (const page of ["index.html", join("awesome", "index.html"), join("single-file", "index.html")]) {
      expect(readFileSync(join(reports, "allure-report", page), "utf8"), page).not.toMatch(/googletagmanager|gtag\(/);
    }
    for (const plugin of ["awesome", "single-file"]) {
      const summary = JSON.parse(readFileSync(join(reports, "allure-report", plugin, "summary.json"), "utf8")) as { stats: Record<string, number> };
      expect(summary.stats).toMatchObject(expectedStats);
    }
    // History is kept beside the report, across runs.
    expect(readFileSync(join(reports, "allure-history.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);
  });

  test("says what to do when there are no results", () => {
    const report = spawnSync("npm", ["run", "--silent", "report"], {
      cwd: projectRoot,
      env: env({ PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-report-")) }),
      encoding: "utf8",
    });
    expect(report.status).toBe(2);
    expect(report.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^pc-contract: report error: .*holds no results: run npx pc-contract run \(or npx vitest run\) first$/),
    ]);
  });
});
