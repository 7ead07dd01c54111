import type { Pacing } from "../config/load-config.js";
import { requestsOf, riskOf, type Probe } from "../probes/probe.js";
import { skipReason } from "../probes/run-probe.js";
import type { Target } from "../probes/target.js";
import { duration } from "./progress-reporter.js";

export interface Plan {
  cases: number;
  byRisk: Record<string, number>;
  /** Generated cases that need no write permission (reads, and writes the documents make the service refuse first). */
  readOnly: { cases: number; of: number };
  /** Cases that will run: the runnable ones the budget covers. */
  run: number;
  /** Skips counted by reason (its words before the first colon); the budget's leftovers among them. */
  skipped: { reason: string; cases: number }[];
  /** Seconds the cases to run take at the rate, when there is one. */
  seconds?: number;
  /** When a budget cannot cover every runnable case: the budget, and the ids it leaves for a later run. */
  budget?: { limit: string; deferred: string[] };
}

/** The budget a run may spend, in requests: PC_MAX_REQUESTS, and PC_TIME_BUDGET at PC_RATE_LIMIT; undefined: no limit. */
export function requestBudget(pacing: Pacing): { requests: number; limit: string } | undefined {
  const byTime =
    pacing.timeBudgetMs !== undefined && pacing.ratePerSecond !== undefined ? Math.floor((pacing.timeBudgetMs / 1000) * pacing.ratePerSecond) : undefined;
  const limits = [
    pacing.maxRequests !== undefined ? { requests: pacing.maxRequests, limit: `PC_MAX_REQUESTS=${pacing.maxRequests}` } : undefined,
    byTime !== undefined
      ? { requests: byTime, limit: `PC_TIME_BUDGET=${pacing.timeBudgetMs! / 1000} at ${pacing.ratePerSecond} requests a second` }
      : undefined,
  ].filter((l): l is { requests: number; limit: string } => l !== undefined);
  return limits.sort((a, b) => a.requests - b.requests)[0];
}

/**
 * What a case covers: a generated case its (operation, mutation kind, expected status), so the many sites of one
 * kind count once; a hand-written probe itself.
 */
export function coverageKey(probe: Probe): string {
  if (!probe.mutation) return probe.id;
  return `${probe.mutation.operation}/${probe.mutation.kind}|${probe.expect.status.join(",")}`;
}

/**
 * The cases in coverage-first order: the first case of every coverage key, then the second of each, and so on,
 * each round in suite order. A budget spent in this order touches every (operation, kind, status) before it
 * repeats one.
 */
export function coverageFirst(cases: readonly Probe[]): Probe[] {
  const seen = new Map<string, number>();
  const ranked = cases.map((probe, index) => {
    const key = coverageKey(probe);
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return { probe, rank, index };
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.probe);
}

/** The skip reason's first words for a case the budget leaves out (what the plan counts it under). */
const DEFERRED = "left for a later run";

/** Why a case the budget leaves out is skipped, naming the way to run it. */
export const deferredReason = (limit: string, covered: number, runnable: number, progressFile: string): string =>
  `${DEFERRED}: the budget (${limit}) covers ${covered} of ${runnable} cases to run, chosen coverage-first; PC_RESUME=${progressFile} runs the rest`;

/**
 * What a run will do before its first request: cases per risk class, which run, which are skipped and why, how
 * long; and, when a budget cannot cover every runnable case, which it covers, coverage-first (each case costs
 * its requests: repeats and the reads that frame a write).
 */
export function planRun(cases: readonly Probe[], target: Target, pacing: Pacing): Plan {
  const byRisk: Record<string, number> = {};
  const reasons = new Map<string, number>();
  const skip = (key: string) => reasons.set(key, (reasons.get(key) ?? 0) + 1);
  const runnable: Probe[] = [];
  for (const c of cases) {
    const risk = riskOf(c);
    byRisk[risk] = (byRisk[risk] ?? 0) + 1;
    const why = skipReason(c, target);
    if (why === undefined) runnable.push(c);
    else skip(why.split(":")[0]!);
  }
  const budget = requestBudget(pacing);
  const deferred: string[] = [];
  let requests = 0;
  if (budget) {
    for (const c of coverageFirst(runnable)) {
      if (requests + requestsOf(c) <= budget.requests) requests += requestsOf(c);
      else deferred.push(c.id);
    }
  } else requests = runnable.reduce((n, c) => n + requestsOf(c), 0);
  for (let i = 0; i < deferred.length; i++) skip(DEFERRED);
  const skipped = [...reasons].map(([reason, n]) => ({ reason, cases: n })).sort((a, b) => b.cases - a.cases);
  const generated = cases.filter((c) => c.area === "generated");
  return {
    cases: cases.length,
    byRisk,
    readOnly: { cases: generated.filter((c) => riskOf(c) !== "write").length, of: generated.length },
    run: runnable.length - deferred.length,
    skipped,
    ...(pacing.ratePerSecond ? { seconds: requests / pacing.ratePerSecond } : {}),
    ...(budget && deferred.length ? { budget: { limit: budget.limit, deferred } } : {}),
  };
}

/** The plan in a line or two. */
export function planLines(plan: Plan, rate?: number): string[] {
  const risks = Object.entries(plan.byRisk)
    .map(([risk, n]) => `${n} ${risk}`)
    .join(", ");
  const skips = plan.skipped.length ? `: ${plan.skipped.map((s) => `${s.cases} × ${s.reason}`).join("; ")}` : "";
  const time = plan.seconds !== undefined ? `; about ${duration(plan.seconds * 1000)} at ${rate} requests a second` : "";
  const budget = plan.budget;
  const { readOnly } = plan;
  const share = readOnly.of
    ? [
        `plan: ${readOnly.cases} of ${readOnly.of} generated cases need no write permission (${Math.round((readOnly.cases * 100) / readOnly.of)}%: reads, and writes the documents make the service refuse first)`,
      ]
    : [];
  return [
    `plan: ${plan.cases} cases in the suite (${risks}); ${plan.run} to run, ${plan.cases - plan.run} to skip${skips}${time} (--area and --operation narrow it)`,
    ...share,
    ...(budget
      ? [
          `plan: the budget (${budget.limit}) covers ${plan.run} of ${plan.run + budget.deferred.length} cases to run, chosen coverage-first (every operation, fault and status once before repeats); the other ${budget.deferred.length} are left for a resumed run (PC_RESUME)`,
        ]
      : []),
  ];
}
