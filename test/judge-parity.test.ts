import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileBaseline } from "../src/gating/baseline.js";
import { judge } from "../src/gating/judge.js";
import { toHarEntry } from "../src/har/har.js";
import { startMock, type RunningMock } from "../src/mock/server.js";
import { checkEntry } from "../src/offline/check-har.js";
import { runProbe, type ProbeOutcome } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec } from "../src/probes/target.js";
import { probes } from "../suites/probes/index.js";

/** The suite and `pc-contract check` share one judge: the same exchange and baseline must get the same verdict. */
describe("one judge for the suite and the offline checker", () => {
  let mock: RunningMock;
  const outcomes: Extract<ProbeOutcome, { kind: "checked" }>[] = [];
  beforeAll(async () => {
    mock = await startMock({ defects: ["numeric-code", "empty-message", "ids-not-echoed"] });
    const target = createTarget(mockTargetSpec(mock));
    for (const probe of probes) {
      const outcome = await runProbe(probe, target);
      if (outcome.kind === "checked") outcomes.push(outcome);
    }
    await target.dispatcher.close();
  });
  afterAll(() => mock.close());

  const baseline = compileBaseline([
    { probe: "*", rule: "envelope/numeric-code", severity: "deviation", reason: "numeric codes", owner: "qa", expires: "2999-12-31" },
    { probe: "customers.*", rule: "message/empty", severity: "violation", reason: "known", owner: "qa", expires: "2999-12-31" },
    { probe: "referrals.*", rule: "message/empty", severity: "deviation", reason: "written for a deviation", owner: "qa", expires: "2999-12-31" },
  ]);

  test.each([false, true])("strict=%s: every case gets the same verdict both ways", (strict) => {
    const today = "2026-12-02";
    expect(outcomes.length).toBeGreaterThan(50);
    const verdicts = outcomes.map((o) => {
      const suite = judge(o, { baseline, strict, today }).verdict;
      const offline = checkEntry(toHarEntry(o.exchange, o.probe), "run.har", 0, { baseline, strict, today }).verdict;
      return [o.probe.id, suite, offline === "skip" ? "pass" : offline];
    });
    expect(verdicts.filter(([, suite, offline]) => suite !== offline)).toEqual([]);
    // The baseline did something both ways: customers' empty messages accepted, Referrals' not (their entry was for a deviation).
    const byId = Object.fromEntries(verdicts.map(([id, suite]) => [id, suite]));
    expect(byId["customers.list/size-not-integer"]).toBe(strict ? "fail" : "deviation");
    expect(byId["referrals.get/unknown-id"]).toBe("fail");
  });
});
