import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { BodyAnalysis } from "../src/checks/analyze-body.js";
import type { Finding } from "../src/checks/check.js";
import { projectRoot } from "../src/contract/paths.js";
import { applyBaseline, compileBaseline, readBaseline, type BaselineEntry } from "../src/gating/baseline.js";
import { judge, type Judgeable } from "../src/gating/judge.js";
import { finishRun, readCompletedFindings, startRun } from "../src/report/run-files.js";
import { cleanEnv } from "./helpers/clean-env.js";

const f = (rule: string, severity: Finding["severity"] = "violation", path = "/"): Finding => ({
  check: rule.split("/")[0]!,
  rule,
  severity,
  title: "t",
  expected: "e",
  received: "r",
  path,
});
const entry = (over: Partial<BaselineEntry> = {}): BaselineEntry => ({
  probe: "customers.create/*",
  rule: "envelope/numeric-code",
  severity: "deviation",
  reason: "numeric codes",
  owner: "qa",
  expires: "2026-12-31",
  ...over,
});
const today = "2026-11-22";

describe("baseline", () => {
  test("accepts what a live entry covers, fails what an expired one covers, leaves the rest open", () => {
    const findings = [f("envelope/numeric-code", "deviation"), f("message/empty")];
    expect(applyBaseline("customers.create/x", findings, compileBaseline([entry()]), today)).toMatchObject({
      accepted: [{ finding: findings[0] }],
      expired: [],
      open: [findings[1]],
    });
    expect(applyBaseline("customers.create/x", findings, compileBaseline([entry({ expires: "2026-11-21" })]), today)).toMatchObject({
      accepted: [],
      expired: [{ finding: findings[0] }],
    });
    expect(applyBaseline("referrals.create/x", findings, compileBaseline([entry()]), today).open).toHaveLength(2);
  });

  test("an entry for a deviation never accepts a violation of the same rule and case; one for a violation does, until it expires", () => {
    const violation = f("envelope/schema", "violation", "/source");
    const forDeviation = compileBaseline([entry({ rule: "envelope/schema", severity: "deviation" })]);
    expect(applyBaseline("customers.create/x", [violation], forDeviation, today).open).toEqual([violation]);
    const forViolation = compileBaseline([entry({ rule: "envelope/schema", severity: "violation" })]);
    expect(applyBaseline("customers.create/x", [violation], forViolation, today).accepted).toHaveLength(1);
    expect(applyBaseline("customers.create/x", [f("envelope/schema", "deviation")], forViolation, today).accepted).toHaveLength(1);
    expect(
      applyBaseline(
        "customers.create/x",
        [violation],
        compileBaseline([entry({ rule: "envelope/schema", severity: "violation", expires: "2026-11-21" })]),
        today,
      ).expired,
    ).toHaveLength(1);
  });

  test("an entry for one rule accepts no other rule of the same check, and one with a path no other place", () => {
    const baseline = compileBaseline([entry({ rule: "envelope/schema", severity: "violation", path: "/source" })]);
    expect(applyBaseline("customers.create/x", [f("envelope/wrong-envelope")], baseline, today).open).toHaveLength(1);
    expect(applyBaseline("customers.create/x", [f("envelope/schema", "violation", "/code")], baseline, today).open).toHaveLength(1);
    expect(applyBaseline("customers.create/x", [f("envelope/schema", "violation", "/source")], baseline, today).accepted).toHaveLength(1);
  });

  test.each([
    ["an entry without its owner", { entries: [entry({ owner: "" })] }, /baseline\.json: entries\[0\]\.owner: is missing/],
    ["an expiry that is no date", { entries: [entry({ expires: "next week" })] }, /entries\[0\]\.expires: "next week" is not a day of the calendar/],
    [
      "a rule this version does not have",
      { entries: [entry({ rule: "envelope/nonsense" })] },
      /entries\[0\]\.rule: "envelope\/nonsense" is no rule of this pc-contract/,
    ],
    ["a severity that is neither", { entries: [entry({ severity: "minor" as never })] }, /entries\[0\]\.severity: must be violation or deviation/],
    [
      "an entry of an older pc-contract (a check, no rule)",
      { entries: [{ probe: "x", check: "envelope", reason: "r", owner: "o", expires: "2026-12-31" }] },
      /names a check, not a rule/,
    ],
    ["a null entry", { entries: [null] }, /entries\[0\]: must be an object, got null/],
    ["no entries array", { rules: [] }, /entries: is not an array/],
  ])("a malformed file is refused with the file and the entry: %s", (_, content, message) => {
    const file = join(mkdtempSync(join(tmpdir(), "pc-baseline-")), "baseline.json");
    writeFileSync(file, JSON.stringify(content));
    expect(() => readBaseline(file)).toThrow(message);
  });
});

describe("judge", () => {
  const outcome = (findings: Finding[]): Judgeable => ({
    kind: "checked",
    probe: { id: "customers.create/x", api: "core", expect: { status: [400] } },
    exchange: { response: { status: 400 } },
    body: {
      kind: "json",
      bom: false,
      shape: "core",
      json: {},
      view: {
        levels: [{ depth: 0, pointer: "", key: "", value: {}, code: { pointer: "/code", value: 800002 } }],
        places: [],
        hints: [],
        conflicts: [],
        placesAt: { pointer: "/data", name: "data" },
      },
    } satisfies BodyAnalysis,
    findings,
  });

  test.each([
    [[], false, "pass"],
    [[f("envelope/numeric-code", "deviation")], false, "deviation"],
    [[f("envelope/numeric-code", "deviation")], true, "fail"],
    [[f("envelope/numeric-code", "deviation"), f("message/empty")], false, "fail"],
  ] as const)("%j strict=%s is %s", (findings, strict, verdict) => {
    expect(judge(outcome([...findings]), { strict, today }).verdict).toBe(verdict);
  });

  test("accepted findings are notices, expired ones violations saying whose entry ran out; the record carries both and the codes", () => {
    const accepted = f("envelope/numeric-code", "deviation");
    const lapsed = f("message/empty");
    const baseline = compileBaseline([entry(), entry({ rule: "message/empty", severity: "violation", owner: "ops", expires: "2026-01-01" })]);
    const judgement = judge(outcome([accepted, lapsed]), { baseline, strict: false, today });
    expect(judgement.verdict).toBe("fail");
    expect(judgement.judged.map((j) => [j.rule, j.severity, j.title])).toEqual([
      ["message/empty", "violation", "t (baseline entry of ops expired on 2026-01-01)"],
    ]);
    expect(judgement.notices).toEqual(["accepted by the baseline until 2026-12-31 (qa: numeric codes): [envelope/numeric-code] t"]);
    expect(judgement.record).toMatchObject({
      id: "customers.create/x",
      observed: 400,
      codes: [{ code: "800002", depth: 0 }],
      findings: [
        { rule: "envelope/numeric-code", baseline: "accepted" },
        { rule: "message/empty", baseline: "expired" },
      ],
    });
  });

  test("a skipped case and an environment problem are no verdict on the contract", () => {
    const probe = { id: "x/y", api: "core", expect: { status: [404] } };
    expect(judge({ kind: "skipped", probe, reason: "mock-only" }, { strict: true, today }).verdict).toBe("skipped");
    expect(judge({ kind: "environment", probe, error: { message: "refused" } }, { strict: true, today }).record).toMatchObject({
      outcome: "environment",
      reason: "refused",
    });
  });
});

describe("the findings pc-contract baseline reads", () => {
  const stamp = { startedAt: "2026-11-22T10:00:00.000Z", seed: 1, target: "bundled mock" };

  test("are those of the last run, complete: a running, interrupted or stale run's are refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-runs-"));
    expect(() => readCompletedFindings(dir)).toThrow(/no run has completed into/);
    startRun(dir, stamp);
    expect(() => readCompletedFindings(dir)).toThrow(/is running, not complete/);
    finishRun(dir, "interrupted", []);
    expect(() => readCompletedFindings(dir)).toThrow(/is interrupted, not complete/);
    startRun(dir, stamp);
    finishRun(dir, "complete", []);
    expect(readCompletedFindings(dir).run).toEqual(stamp);
    const findings = readFileSync(join(dir, "findings.json"), "utf8");
    startRun(dir, { ...stamp, startedAt: "2026-11-23T10:00:00.000Z" });
    finishRun(dir, "complete", []);
    writeFileSync(join(dir, "findings.json"), findings);
    expect(() => readCompletedFindings(dir)).toThrow(/stale/);
  });
});

describe("gating a run", () => {
  const run = (dir: string, defects: string, extra: Record<string, string> = {}) =>
    spawnSync("npx", ["vitest", "run", "suites/resources.test.ts"], {
      cwd: projectRoot,
      env: cleanEnv({ PC_MOCK_DEFECTS: defects, PC_STRICT: "1", PC_REPORTS_DIR: dir, ...extra }),
      encoding: "utf8",
    });
  const write = (dir: string, file: string) =>
    spawnSync("npx", ["pc-contract", "baseline", "--owner", "qa-team", "--reason", "the service sends numeric codes", "--file", file], {
      cwd: projectRoot,
      env: cleanEnv({ PC_REPORTS_DIR: dir }),
      encoding: "utf8",
    });

  test("a baselined deviation passes; a new violation of the same check fails; the entry expired fails; a failed start leaves nothing to baseline", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-gate-"));
    const file = join(dir, "baseline.json");
    expect(run(dir, "numeric-code").status).toBe(1);
    const written = write(dir, file);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/entries added, 0 kept/);
    const entries = (JSON.parse(readFileSync(file, "utf8")) as { entries: BaselineEntry[] }).entries;
    expect(
      entries.every(
        (e) =>
          e.rule === "envelope/numeric-code" &&
          e.severity === "deviation" &&
          e.path === "/code" &&
          e.owner === "qa-team" &&
          e.expires > new Date().toISOString().slice(0, 10),
      ),
    ).toBe(true);

    const accepted = run(dir, "numeric-code", { PC_BASELINE: file });
    expect(accepted.status, accepted.stdout.slice(-2000)).toBe(0);
    // The same probes and the same check, now a violation: the entries written for a deviation do not open the gate.
    const regression = run(dir, "wrong-envelope", { PC_BASELINE: file });
    expect(regression.status).toBe(1);
    expect(regression.stdout).toMatch(/unique failure.*\n\s+\d+ × \[envelope\/wrong-envelope\]/);
    const added = run(dir, "numeric-code,empty-message", { PC_BASELINE: file });
    expect(added.status).toBe(1);

    writeFileSync(file, JSON.stringify({ entries: entries.map((e) => ({ ...e, expires: "2020-01-01" })) }));
    const expired = run(dir, "numeric-code", { PC_BASELINE: file });
    expect(expired.status).toBe(1);
    expect(expired.stdout + expired.stderr).toMatch(/baseline entry of qa-team expired on 2020-01-01/);

    // A run that stops at its configuration leaves no findings: the earlier run's are not offered as this one's.
    expect(run(dir, "numeric-code", { PC_SEED: "not-a-seed" }).status).toBe(2);
    const stale = write(dir, file);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toMatch(/^pc-contract: report error: .*run\.json does not exist/);
  });
});
