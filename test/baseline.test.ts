import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Finding } from "../src/checks/types.js";
import { projectRoot } from "../src/contract/paths.js";
import { applyBaseline, readBaseline } from "../src/report/baseline.js";
import { cleanEnv } from "./helpers/clean-env.js";

const f = (check: string, severity: Finding["severity"] = "violation"): Finding => ({ check, severity, title: "t", expected: "e", received: "r", path: "/" });
const entry = (over = {}) => ({ probe: "customers.create/*", check: "envelope", reason: "numeric codes", owner: "qa", expires: "2026-12-31", ...over });

describe("baseline", () => {
  test("accepts what a live entry covers, fails what an expired one covers, leaves the rest open", () => {
    const findings = [f("envelope", "deviation"), f("message")];
    expect(applyBaseline("customers.create/x", findings, [entry()], "2026-11-22")).toMatchObject({ accepted: [{ finding: findings[0] }], expired: [], open: [findings[1]] });
    expect(applyBaseline("customers.create/x", findings, [entry({ expires: "2026-11-21" })], "2026-11-22")).toMatchObject({ accepted: [], expired: [{ finding: findings[0] }] });
    expect(applyBaseline("referrals.create/x", findings, [entry()], "2026-11-22").open).toHaveLength(2);
  });

  test("a malformed file is refused with the file and the entry", () => {
    const file = join(mkdtempSync(join(tmpdir(), "pc-baseline-")), "baseline.json");
    writeFileSync(file, JSON.stringify({ entries: [entry({ owner: "" })] }));
    expect(() => readBaseline(file)).toThrow(/baseline\.json: entries\[0\]\.owner: is missing/);
    writeFileSync(file, JSON.stringify({ entries: [entry({ expires: "next week" })] }));
    expect(() => readBaseline(file)).toThrow(/entries\[0\]\.expires: "next week" is not a date/);
  });

  test("gating: a baselined deviation passes, the same entry expired fails, a new violation fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-gate-"));
    const file = join(dir, "baseline.json");
    const run = (defects: string, extra: Record<string, string> = {}) =>
      spawnSync("npx", ["vitest", "run", "suites/resources.test.ts"], { cwd: projectRoot, env: cleanEnv({ PC_MOCK_DEFECTS: defects, PC_STRICT: "1", PC_REPORTS_DIR: dir, ...extra }), encoding: "utf8" });
    expect(run("numeric-code").status).toBe(1);
    const write = spawnSync("npx", ["pc-contract", "baseline", "--owner", "qa-team", "--reason", "the service sends numeric codes", "--file", file], { cwd: projectRoot, env: cleanEnv({ PC_REPORTS_DIR: dir }), encoding: "utf8" });
    expect(write.status, write.stderr).toBe(0);
    expect(write.stdout).toMatch(/entries added, 0 kept/);
    const written = JSON.parse(readFileSync(file, "utf8")) as { entries: { check: string; owner: string; expires: string }[] };
    expect(written.entries.every((e) => e.check === "envelope" && e.owner === "qa-team" && e.expires > new Date().toISOString().slice(0, 10))).toBe(true);

    const accepted = run("numeric-code", { PC_BASELINE: file });
    expect(accepted.status, accepted.stdout.slice(-2000)).toBe(0);
    const newViolation = run("numeric-code,empty-message", { PC_BASELINE: file });
    expect(newViolation.status).toBe(1);
    expect(newViolation.stdout).toMatch(/unique failure/);

    writeFileSync(file, JSON.stringify({ entries: written.entries.map((e) => ({ ...e, expires: "2020-01-01" })) }));
    const expired = run("numeric-code", { PC_BASELINE: file });
    expect(expired.status).toBe(1);
    expect(expired.stdout + expired.stderr).toMatch(/baseline entry of qa-team expired on 2020-01-01/);
  });
});
