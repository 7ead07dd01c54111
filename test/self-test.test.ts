import { describe, expect, test } from "vitest";
import { checkNames } from "../src/checks/index.js";
import { defects } from "../src/mock/defects.js";
import { startMock } from "../src/mock/server.js";
import { runProbe, type ProbeOutcome } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec, type Target } from "../src/probes/target.js";
import { enumerateCases } from "../src/generate/build-cases.js";
import { probes } from "../suites/probes/index.js";

/**
 * The harness's proof that its checks can fail: every probe of the suite runs against the mock switched into
 * each named defect, and exactly the check that names the defect must report it; the conformant mock must
 * yield no finding at all. The generated cases (every mutation of every request schema) run too.
 */
async function runSuiteAgainst(defectNames: string[]) {
  const mock = await startMock({ defects: defectNames });
  const target: Target = createTarget(mockTargetSpec(mock));
  try {
    const outcomes: ProbeOutcome[] = [];
    for (const probe of [...probes, ...generated]) outcomes.push(await runProbe(probe, target));
    return outcomes;
  } finally {
    await target.dispatcher.close();
    await mock.close();
  }
}

const generated = enumerateCases(20261122);
const findingsOf = (outcomes: ProbeOutcome[]) => outcomes.flatMap((o) => (o.kind === "checked" ? o.findings : []));

describe("self-test: the suite against the mock", () => {
  test("every check has a defect that proves it catches what it claims", () => {
    expect(checkNames.filter((name) => !defects.some((d) => d.caughtBy === name))).toEqual([]);
  });

  // A consistency check (the mock and the checks agree); whether the verdicts are right is test/evidence.test.ts's to hold.
  test("consistency: against the conformant mock every probe is checked and no check reports anything", async () => {
    const outcomes = await runSuiteAgainst([]);
    expect(outcomes.filter((o) => o.kind !== "checked").map((o) => o.probe.id)).toEqual([]);
    expect(findingsOf(outcomes)).toEqual([]);
  });

  test.each(defects.map((d) => [d.name, d] as const))("defect %s is caught by exactly its check", async (_, defect) => {
    const outcomes = await runSuiteAgainst([defect.name]);
    expect(outcomes.filter((o) => o.kind !== "checked").map((o) => o.probe.id)).toEqual([]);
    const findings = findingsOf(outcomes);
    expect(findings.length, `${defect.name} produced no finding`).toBeGreaterThan(0);
    const checks = new Set(findings.map((f) => f.check));
    expect(checks.has(defect.caughtBy), `${defect.name} is caught by ${defect.caughtBy}`).toBe(true);
    expect([...checks].filter((c) => c !== defect.caughtBy && !defect.alsoCaughtBy?.includes(c))).toEqual([]);
    // Its severity is the worst it causes: a deviation defect never makes a violation; a violation defect makes
    // at least one (and may make deviations too, where the same break is known elsewhere).
    const worst = findings.some((f) => f.severity === "violation") ? "violation" : "deviation";
    expect(worst).toBe(defect.severity);
  });

  test("real-traffic mode: the shapes known real traffic has give deviations only, of every kind it holds", async () => {
    const outcomes = await runSuiteAgainst(["real-traffic"]);
    const findings = findingsOf(outcomes);
    expect(findings.filter((f) => f.severity === "violation").map((f) => `${f.rule}: ${f.title}`)).toEqual([]);
    const rules = new Set(findings.map((f) => f.rule));
    for (const rule of [
      "envelope/numeric-code",
      "envelope/string-data-item",
      "body/known-bodiless",
      "www-authenticate/missing",
      "envelope/documented-form",
      "status/tolerated",
      "body/bom",
      "request-ids/not-echoed",
    ]) {
      expect(rules.has(rule), rule).toBe(true);
    }
  });
});
