import { describe, expect, test } from "vitest";
import type { Probe } from "../src/probes/probe.js";
import { createTarget } from "../src/probes/target.js";
import { coverageFirst, coverageKey, planLines, planRun } from "../src/vitest/plan.js";
import { enumerateCases } from "../src/generate/build-cases.js";
import { requestsOf } from "../src/probes/probe.js";
import { loadMockTenant } from "../src/mock/mock-options.js";

const probe = (id: string, over: Partial<Probe> = {}): Probe => ({
  id,
  api: "core",
  area: "input",
  method: "GET",
  path: "/v1/customers?size=1",
  expect: { status: [400] },
  scope: "any",
  source: "test",
  ...over,
});

describe("the plan printed before the first request", () => {
  const target = createTarget({
    kind: "remote",
    origins: { core: "https://pc.test", referrals: "https://pc.test" },
    auth: { authority: "https://login.test", tokens: { core: "t", referrals: "t" } },
    ids: {},
    isMock: false,
    pacing: { maxRetryWaitMs: 1000, requestTimeoutMs: 1000 },
    allowWrites: false,
  });
  const cases = [
    probe("a/read"),
    probe("b/read"),
    probe("c/rejected", { method: "POST" }),
    probe("d/write", { method: "POST", expect: { status: [201, 400] } }),
    probe("e/write", { method: "POST", expect: { status: [201, 400] } }),
    probe("f/mock", { scope: "mock" }),
  ];

  test("counts risk classes, what runs, what is skipped by reason, the time at the rate, and what a budget leaves out", () => {
    const plan = planRun(cases, target, { maxRetryWaitMs: 1000, requestTimeoutMs: 1000, ratePerSecond: 0.5, maxRequests: 2 });
    expect(plan).toMatchObject({
      cases: 6,
      byRisk: { read: 3, "rejected-write": 1, write: 2 },
      run: 2,
      skipped: [
        { reason: "a write (it changes state when accepted)", cases: 2 },
        { reason: "mock-only probe", cases: 1 },
        { reason: "left for a later run", cases: 1 },
      ],
      seconds: 4,
      budget: { limit: "PC_MAX_REQUESTS=2", deferred: ["c/rejected"] },
    });
    expect(planLines(plan, 0.5)).toEqual([
      "plan: 6 cases in the suite (3 read, 1 rejected-write, 2 write); 2 to run, 4 to skip: 2 × a write (it changes state when accepted); 1 × mock-only probe; 1 × left for a later run; about 4s at 0.5 requests a second (--area and --operation narrow it)",
      "plan: the budget (PC_MAX_REQUESTS=2) covers 2 of 3 cases to run, chosen coverage-first (every operation, fault and status once before repeats); the other 1 are left for a resumed run (PC_RESUME)",
    ]);
    // The counts add up to the suite's total.
    expect(plan.run + plan.skipped.reduce((n, s) => n + s.cases, 0)).toBe(plan.cases);
  });

  test("a budget covers every (operation, mutation kind, status) once before it repeats one, counting the reads that frame a write", () => {
    const generated = enumerateCases(20261207);
    const keys = new Set(generated.map(coverageKey));
    // Far fewer keys than cases: one kind applies at many sites.
    expect(keys.size).toBeLessThan(generated.length * 0.8);
    const ordered = coverageFirst(generated);
    expect(new Set(ordered.slice(0, keys.size).map(coverageKey)).size).toBe(keys.size);
    expect(ordered.map((c) => c.id).sort()).toEqual(generated.map((c) => c.id).sort());
    // A budget of exactly the requests the first of each key costs covers every key and nothing else.
    const firsts = ordered.slice(0, keys.size);
    const budget = firsts.reduce((n, c) => n + requestsOf(c), 0);
    const mock = createTarget({ ...target, kind: "bundled-mock", allowWrites: true, isMock: true, ids: loadMockTenant().ids });
    const plan = planRun(generated, mock, { maxRetryWaitMs: 1000, requestTimeoutMs: 1000, maxRequests: budget });
    const ran = generated.filter((c) => !plan.budget!.deferred.includes(c.id));
    expect(new Set(ran.map(coverageKey)).size).toBe(keys.size);
    expect(ran.length).toBe(keys.size);
    // A framed write costs its two reads too.
    expect(requestsOf(generated.find((c) => c.frame)!)).toBe(3);
  });
});
