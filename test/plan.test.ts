import { describe, expect, test } from "vitest";
import type { Probe } from "../src/probes/probe.js";
import { createTarget } from "../src/probes/target.js";
import { planLines, planRun } from "../src/vitest/plan.js";

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
      run: 3,
      skipped: [
        { reason: "a write (it changes state when accepted)", cases: 2 },
        { reason: "mock-only probe", cases: 1 },
      ],
      seconds: 6,
      budget: "PC_MAX_REQUESTS covers 2 of them",
    });
    expect(planLines(plan, 0.5)).toEqual([
      "plan: 6 cases in the suite (3 read, 1 rejected-write, 2 write); 3 to run, 3 to skip: 2 × a write (it changes state when accepted); 1 × mock-only probe; about 6s at 0.5 requests a second (--area and --operation narrow it)",
      "plan: the budget will not cover every case to run: PC_MAX_REQUESTS covers 2 of them; the rest are skipped, saying so, when it is spent",
    ]);
    // The counts add up to the suite's total.
    expect(plan.run + plan.skipped.reduce((n, s) => n + s.cases, 0)).toBe(plan.cases);
  });
});
