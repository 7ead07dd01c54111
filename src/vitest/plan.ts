import type { Pacing } from "../config/load-config.js";
import { riskOf, type Probe } from "../probes/probe.js";
import { skipReason } from "../probes/run-probe.js";
import type { Target } from "../probes/target.js";
import { duration } from "./progress-reporter.js";

export interface Plan {
  cases: number;
  byRisk: Record<string, number>;
  run: number;
  /** Skips counted by reason (its words before the first colon). */
  skipped: { reason: string; cases: number }[];
  /** Seconds the runnable cases take at the rate, when there is one. */
  seconds?: number;
  /** What a budget leaves out, when it cannot cover every runnable case. */
  budget?: string;
}

/** What a run will do before its first request: cases per risk class, which run, which are skipped and why, how long. */
export function planRun(cases: readonly Probe[], target: Target, pacing: Pacing): Plan {
  const byRisk: Record<string, number> = {};
  const reasons = new Map<string, number>();
  let run = 0;
  for (const c of cases) {
    const risk = riskOf(c);
    byRisk[risk] = (byRisk[risk] ?? 0) + 1;
    const why = skipReason(c, target);
    if (why === undefined) run++;
    else {
      const key = why.split(":")[0]!;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  const skipped = [...reasons].map(([reason, n]) => ({ reason, cases: n })).sort((a, b) => b.cases - a.cases);
  const seconds = pacing.ratePerSecond ? run / pacing.ratePerSecond : undefined;
  const budgets = [
    pacing.maxRequests !== undefined && pacing.maxRequests < run ? `PC_MAX_REQUESTS covers ${pacing.maxRequests} of them` : undefined,
    pacing.timeBudgetMs !== undefined && seconds !== undefined && seconds * 1000 > pacing.timeBudgetMs
      ? `PC_TIME_BUDGET covers about ${Math.floor((pacing.timeBudgetMs / 1000) * pacing.ratePerSecond!)} of them`
      : undefined,
  ].filter((b): b is string => b !== undefined);
  return {
    cases: cases.length,
    byRisk,
    run,
    skipped,
    ...(seconds !== undefined ? { seconds } : {}),
    ...(budgets.length ? { budget: budgets.join("; ") } : {}),
  };
}

/** The plan in a line or two. */
export function planLines(plan: Plan, rate?: number): string[] {
  const risks = Object.entries(plan.byRisk)
    .map(([risk, n]) => `${n} ${risk}`)
    .join(", ");
  const skips = plan.skipped.length ? `: ${plan.skipped.map((s) => `${s.cases} × ${s.reason}`).join("; ")}` : "";
  const time = plan.seconds !== undefined ? `; about ${duration(plan.seconds * 1000)} at ${rate} requests a second` : "";
  return [
    `plan: ${plan.cases} cases in the suite (${risks}); ${plan.run} to run, ${plan.cases - plan.run} to skip${skips}${time} (--area and --operation narrow it)`,
    ...(plan.budget ? [`plan: the budget will not cover every case to run: ${plan.budget}; the rest are skipped, saying so, when it is spent`] : []),
  ];
}
