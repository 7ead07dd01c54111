import { afterAll, describe, inject, test } from "vitest";
import { apiNames } from "../contract/types.js";
import type { Area, Probe } from "../probes/probe.js";
import { runProbe, verdictOf, type Verdict } from "../probes/run-probe.js";
import { applyBaseline, type Baselined } from "../report/baseline.js";
import { createTarget, type Target } from "../probes/target.js";
import { attachEvidence } from "../report/attach-evidence.js";
import { caseRecord } from "../report/case-record.js";
import { formatOutcome } from "../report/format-outcome.js";
import { redactText } from "../transport/redact.js";

/** A contract violation (Allure files it as failed, not broken); its message is the whole story, so no stack. */
class ContractAssertionError extends Error {
  override readonly name = "ContractAssertionError";
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/** The target could not be reached or refused the credentials: not the contract's fault. */
class EnvironmentProblem extends Error {
  override readonly name = "EnvironmentProblem";
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

let target: Target | undefined;
const baseline = inject("pcBaseline") ?? [];
const today = new Date().toISOString().slice(0, 10);

function baselinedVerdict(sorted: Baselined, strict: boolean): Verdict {
  return sorted.expired.length ? "fail" : verdictOf(sorted.open, strict);
}
const currentTarget = (): Target => (target ??= createTarget(inject("pcTarget")));

export interface SuiteOptions {
  /** "findings": attach request/response evidence only to cases with findings (fuzz runs of thousands of cases). */
  evidence?: "always" | "findings";
}

/** One vitest case per probe of the area, grouped by API: the suite files stay one line each. */
export function defineProbeSuite(area: Area, probes: readonly Probe[], options: SuiteOptions = {}): void {
  afterAll(async () => {
    await target?.dispatcher.close();
    target = undefined;
  });
  for (const api of apiNames) {
    const cases = probes.filter((p) => p.area === area && p.api === api);
    if (cases.length === 0) continue;
    describe(`${api} · ${area}`, () => {
      for (const probe of cases) {
        test(probe.id, async ({ skip, annotate, task }) => {
          const t = currentTarget();
          const outcome = await runProbe(probe, t);
          const sorted = outcome.kind === "checked" ? applyBaseline(probe.id, outcome.findings, baseline, today) : undefined;
          const verdict = outcome.kind === "checked" ? baselinedVerdict(sorted!, t.strict) : undefined;
          task.meta.pcContract = caseRecord(outcome, verdict, sorted);
          const noteworthy = outcome.kind !== "checked" || outcome.findings.length > 0;
          await attachEvidence(outcome, t, options.evidence !== "findings" || noteworthy);
          if (outcome.kind === "skipped") return skip(outcome.reason);
          if (outcome.kind === "environment") throw new EnvironmentProblem(redactText(`${probe.id}: ${outcome.error.message}`));
          for (const { finding, entry } of sorted!.accepted) {
            await annotate(`accepted by the baseline until ${entry.expires} (${entry.owner}: ${entry.reason}): [${finding.check}] ${finding.title}`, "notice");
          }
          // Only what the baseline does not accept is judged; an expired entry makes its finding count again.
          const judged = { ...outcome, findings: [...sorted!.open, ...sorted!.expired.map(({ finding, entry }) => ({ ...finding, severity: "violation" as const, title: `${finding.title} (baseline entry of ${entry.owner} expired on ${entry.expires})` }))] };
          if (verdict === "fail") throw new ContractAssertionError(formatOutcome(judged));
          if (verdict === "deviation") await annotate(formatOutcome(judged), "warning");
        });
      }
    });
  }
}
