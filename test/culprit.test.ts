import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fuzzCases } from "../src/generate/build-cases.js";
import { findCulprits, type PartVerdict } from "../src/gating/culprit.js";
import { judge } from "../src/gating/judge.js";
import { startMock, type RunningMock } from "../src/mock/server.js";
import type { Probe } from "../src/probes/probe.js";
import { runProbe } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec, type Target } from "../src/probes/target.js";

const part = (id: string, source: string): Probe => ({
  id,
  api: "core",
  area: "generated",
  method: "POST",
  path: "/v1/customers",
  expect: { status: [400] },
  scope: "any",
  source: `customer-create.schema.json: ${source}`,
});
const verdicts = (byId: Record<string, PartVerdict>) => async (p: Probe) => byId[p.id]!;

describe("one culprit per stacked fuzz failure", () => {
  test("the mutation that fails alone is named, with its rules and its replay id", async () => {
    const parts = [part("a", "a required property removed at /email"), part("b", "an extraneous property at (body)")];
    const found = await findCulprits(parts, verdicts({ a: { verdict: "fail", rules: ["status/not-rejected"] }, b: { verdict: "pass", rules: [] } }));
    expect(found.culprits).toEqual(["a required property removed at /email"]);
    expect(found.lines).toEqual(["culprit: a required property removed at /email fails alone [status/not-rejected] (replay: a)"]);
  });

  test("when every mutation passes alone, the failure needs the combination, and says so", async () => {
    const parts = [part("a", "x at /a"), part("b", "y at /b")];
    const found = await findCulprits(parts, verdicts({ a: { verdict: "pass", rules: [] }, b: { verdict: "deviation", rules: ["status/accepted-uncertain"] } }));
    expect(found.culprits).toEqual([]);
    expect(found.lines[0]).toBe("culprit: only in combination: each of the 2 mutations alone passes (x at /a; y at /b)");
  });

  test("a part that could not be judged leaves the culprit not found, saying why", async () => {
    const found = await findCulprits([part("a", "x at /a")], verdicts({ a: { verdict: "environment", rules: [] } }));
    expect(found.lines[0]).toContain("not found: 1 of the 1 mutations alone could not be judged (environment)");
  });

  describe("against the mock: a service that answers 200 to every bad request", () => {
    let mock: RunningMock;
    let target: Target;
    beforeAll(async () => {
      mock = await startMock({ defects: ["success-for-bad-request"] });
      target = createTarget(mockTargetSpec(mock));
    });
    afterAll(async () => {
      await target.dispatcher.close();
      await mock.close();
    });

    test("a stack of an ignored extraneous property and a real fault names the real fault alone", async () => {
      // The stack fails (200 for a bad body); alone, the extraneous property rightly gets its 2xx, the fault does not.
      const stacked = fuzzCases(5, 300).find((c) => {
        const kinds = c.parts?.().map((p) => p.id.split("~")[1]!.split(":")[0]) ?? [];
        return kinds.length === 2 && kinds.includes("unknown-property") && c.api === "core";
      })!;
      expect(stacked, "a core fuzz case stacking an extraneous property with one fault").toBeDefined();
      const judged = judge(await runProbe(stacked, target), { strict: false, today: "2026-12-07" });
      expect(judged.verdict).toBe("fail");
      const found = await findCulprits(stacked.parts!(), async (p) => {
        const j = judge(await runProbe(p, target), { strict: false, today: "2026-12-07" });
        return { verdict: j.verdict, rules: j.judged.map((f) => f.rule) };
      });
      expect(found.culprits).toHaveLength(1);
      expect(found.culprits[0]).not.toContain("extraneous property");
      expect(found.lines[0]).toMatch(/^culprit: .* fails alone \[status\/not-rejected\]/);
    });
  });
});
