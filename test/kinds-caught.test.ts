import { describe, expect, test } from "vitest";
import { enumerateCases } from "../src/generate/build-cases.js";
import { kinds } from "../src/generate/mutations.js";
import { startMock } from "../src/mock/server.js";
import { runProbe, type ProbeOutcome } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec } from "../src/probes/target.js";

/**
 * Every kind of bad input can fail: against the conformant mock each kind has cases that pass, and some mock defect
 * (a service that crashes on client faults, accepts bad requests, answers 404s with 400, sends empty messages, refuses
 * extraneous input, crashes on a parameter given twice or on a body id that names nothing, or a front end that gives
 * oversized or malformed headers a 500) makes a case of that kind fail.
 */
const DEFECTS = [
  "server-error-for-client-fault",
  "success-for-bad-request",
  "wrong-status",
  "empty-message",
  "duplicate-parameter-500",
  "refuses-unknown-input",
  "oversized-headers-500",
  "unknown-reference-500",
  "invalid-header-500",
] as const;

const cases = enumerateCases(20261207);

async function outcomesAgainst(defects: string[]): Promise<ProbeOutcome[]> {
  const mock = await startMock({ defects });
  const target = createTarget(mockTargetSpec(mock));
  try {
    const outcomes: ProbeOutcome[] = [];
    for (const probe of cases) outcomes.push(await runProbe(probe, target));
    return outcomes;
  } finally {
    await target.dispatcher.close();
    await mock.close();
  }
}

const caughtBy = new Map<string, string[]>();

describe("every kind of bad input has a case that passes and a defect that fails it", () => {
  test("against the conformant mock, every kind's cases are checked and pass", async () => {
    const outcomes = await outcomesAgainst([]);
    const passing = new Set(outcomes.filter((o) => o.kind === "checked" && o.findings.length === 0).map((o) => o.probe.mutation!.kind));
    expect(
      kinds()
        .filter((k) => !passing.has(k.kind))
        .map((k) => k.kind),
    ).toEqual([]);
  });

  test.each(DEFECTS.map((d) => [d]))("against the defect %s", async (defect) => {
    const outcomes = await outcomesAgainst([defect]);
    const failing = new Set(
      outcomes.filter((o) => o.kind === "checked" && o.findings.some((f) => f.severity === "violation")).map((o) => o.probe.mutation!.kind),
    );
    expect(failing.size, `${defect} fails some kind`).toBeGreaterThan(0);
    for (const kind of failing) caughtBy.set(kind, [...(caughtBy.get(kind) ?? []), defect]);
  });

  // Tests of a file run in order: this one after the defects.
  test("each kind is failed by at least one of them", () => {
    const uncaught = kinds()
      .map((k) => k.kind)
      .filter((k) => !caughtBy.has(k));
    expect(uncaught, "kinds no defect fails").toEqual([]);
  });
});
