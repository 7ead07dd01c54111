import { join } from "node:path";
import { afterAll, describe, inject, test, type TestFunction } from "vitest";
import { ContractAssertionError, EnvironmentFailure } from "../errors.js";
import { readBaseline } from "../gating/baseline.js";
import { judge } from "../gating/judge.js";
import { findCulprits, type PartVerdict } from "../gating/culprit.js";
import { riskOf, type Area, type Probe } from "../probes/probe.js";
import { runProbe, type ProbeOutcome } from "../probes/run-probe.js";
import { createTarget, type Target } from "../probes/target.js";
import { attachEvidence } from "../report/attach-evidence.js";
import { formatOutcome } from "../report/format-outcome.js";
import { reproducer } from "../report/reproduce.js";
import { REQUEST_BODIES } from "../report/run-files.js";
import { redactText } from "../transport/redact.js";
import type {} from "./context.js";

const run = inject("pcRun");
const baseline = readBaseline(run.baseline);
const reproduce = reproducer(join(run.reportsDir, REQUEST_BODIES));
const today = new Date().toISOString().slice(0, 10);
const done = new Set(run.done ?? []);
const deferred = new Set(run.deferred?.ids ?? []);
let target: Target | undefined;
const currentTarget = (): Target => (target ??= createTarget(run.target));

export interface SuiteOptions {
  /** "findings": attach request/response evidence only to cases with findings (fuzz runs of thousands of cases). */
  evidence?: "always" | "findings";
  /**
   * The group of a case: cases of different groups share no state a case reads (a generated case's operation:
   * its documented read sees no other operation's writes), so against the bundled mock they run at the same time.
   */
  groupBy?: (probe: Probe) => string;
}

/** One part of a stacked case, run and judged alone. */
async function judgePart(part: Probe, t: Target): Promise<PartVerdict> {
  const judgement = judge(await runProbe(part, t), { baseline, strict: run.strict, today, ...(run.checks ? { checks: run.checks } : {}) });
  return { verdict: judgement.verdict, rules: judgement.judged.map((f) => f.rule) };
}

/** The vitest case of one probe: run, judged, its evidence attached, and passed, skipped or failed accordingly. */
/**
 * Cases in flight at once when groups run side by side: enough to keep the worker and the mock both busy, few
 * enough that a target answering every error with 7 MB stays within the memory bound (bench (f), 512 MB).
 */
const IN_FLIGHT = 2;
let inFlight = 0;
const waiting: (() => void)[] = [];
async function inSlot(work: () => Promise<void>): Promise<void> {
  if (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  else inFlight++;
  try {
    await work();
  } finally {
    // The slot passes to the next case waiting, or is given back.
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }
}

const caseOf =
  (probe: Probe, options: SuiteOptions): TestFunction =>
  async ({ skip, annotate, task }) => {
    // A resumed run sends only what earlier parts did not do: their records stand for the rest (no record here).
    if (done.has(probe.id)) return skip(`done in an earlier part (PC_RESUME=${run.resume})`);
    const t = currentTarget();
    const outcome: ProbeOutcome = deferred.has(probe.id) ? { kind: "skipped", probe, reason: run.deferred!.reason, deferred: true } : await runProbe(probe, t);
    // The record carries the case's risk class, derived where the case does not state it (the read-only share).
    const judged = { ...outcome, probe: { ...outcome.probe, risk: riskOf(outcome.probe) } };
    const judgement = judge(judged, { baseline, strict: run.strict, today, ...(run.checks ? { checks: run.checks } : {}) });
    task.meta.pcContract = judgement.record;
    const noteworthy = outcome.kind !== "checked" || outcome.findings.length > 0;
    await attachEvidence(outcome, judgement, {
      origin: t.origins[probe.api] ?? "",
      attachments: options.evidence !== "findings" || noteworthy,
      reproduce,
    });
    if (outcome.kind === "skipped" || outcome.kind === "unavailable") return skip(outcome.reason);
    if (outcome.kind === "environment") throw new EnvironmentFailure(redactText(`${probe.id}: ${outcome.error.message}`));
    for (const notice of judgement.notices) await annotate(notice, "notice");
    if (judgement.verdict === "fail") {
      // A stacked fuzz case names its culprit: each mutation is run alone, and the ones that fail alone are named.
      const found = outcome.kind === "checked" && probe.parts ? await findCulprits(probe.parts(), (part) => judgePart(part, t)) : undefined;
      if (found) task.meta.pcContract = { ...judgement.record, culprit: found.lines };
      throw new ContractAssertionError([formatOutcome(outcome, judgement.judged, reproduce), ...(found?.lines ?? [])].join("\n"));
    }
    if (judgement.verdict === "deviation") await annotate(formatOutcome(outcome, judgement.judged, reproduce), "warning");
  };

/** A generated case's group: its operation (no operation's documented read shows another operation's writes). */
export const byOperation = (probe: Probe): string => probe.mutation?.operation ?? probe.id;

/**
 * Groups run at the same time only against the bundled mock: a live target gets one request at a time from one
 * process (the rate and budgets), and a replay its recording in order.
 */
const concurrent = run.target.kind === "bundled-mock";

/**
 * One vitest case per probe of the area, grouped by API (and, with `groupBy`, by group: against the bundled mock
 * the groups run at the same time, the cases of each in order): the suite files stay one line each.
 */
export function defineProbeSuite(area: Area, probes: readonly Probe[], options: SuiteOptions = {}): void {
  afterAll(async () => {
    await target?.dispatcher.close();
    target = undefined;
  });
  const mine = probes.filter((p) => p.area === area);
  for (const api of new Set(mine.map((p) => p.api))) {
    describe(`${api} · ${area}`, () => {
      const cases = mine.filter((p) => p.api === api);
      const { groupBy } = options;
      if (!groupBy) {
        for (const probe of cases) test(probe.id, caseOf(probe, options));
        return;
      }
      for (const group of new Set(cases.map(groupBy))) {
        (concurrent ? describe.concurrent : describe)(group, () => {
          for (const probe of cases.filter((p) => groupBy(p) === group)) {
            const body = caseOf(probe, options);
            test.sequential(probe.id, concurrent ? (context) => inSlot(() => Promise.resolve(body(context))) : body);
          }
        });
      }
    });
  }
}
