import type { BodyAnalysis } from "../checks/analyze-body.js";
import type { Finding } from "../checks/check.js";
import type { ApiName } from "../contract/api-profile.js";
import { applyBaseline, emptyBaseline, type Baseline, type BaselineMatch } from "./baseline.js";
import type { CaseRecord } from "./case-record.js";
import type { Mutation, Risk } from "../probes/probe.js";

export type Verdict = "pass" | "deviation" | "fail";

/** What a case is judged on: the suite's probe outcome and the offline checker's HAR entry alike. */
export type Judgeable = {
  probe: { id: string; api: ApiName; expect: { status: readonly number[]; edge?: true }; risk?: Risk; mutation?: Mutation };
} & (
  | { kind: "checked"; exchange: { response: { status: number } }; body: BodyAnalysis; findings: readonly Finding[]; waits?: number }
  | { kind: "skipped"; reason: string; deferred?: true }
  | { kind: "environment"; error: { message: string } }
  | { kind: "unavailable"; reason: string }
);

export interface JudgeOptions {
  baseline?: Baseline;
  /** Deviations fail too. */
  strict: boolean;
  /** YYYY-MM-DD: baseline entries expire after this day. */
  today: string;
  /** Judge only these checks' findings (PC_CHECKS, --check); absent: every check. */
  checks?: readonly string[];
}

export interface Judgement {
  /** skipped, environment and unavailable are not verdicts on the contract. */
  verdict: Verdict | "skipped" | "environment" | "unavailable";
  /** The findings that count: open ones, and those whose baseline entry expired (then violations, saying whose). */
  judged: Finding[];
  accepted: BaselineMatch[];
  /** One line per accepted finding, for the report. */
  notices: string[];
  record: CaseRecord;
}

export function verdictOf(findings: readonly Finding[], strict: boolean): Verdict {
  if (findings.some((f) => f.severity === "violation")) return "fail";
  if (findings.length) return strict ? "fail" : "deviation";
  return "pass";
}

/**
 * The one judge: the suite and `pc-contract check` both hand it an outcome, the baseline, strictness and the
 * day, and take its verdict. Pure: the same input gives the same judgement.
 */
export function judge(outcome: Judgeable, options: JudgeOptions): Judgement {
  const { probe } = outcome;
  const base = {
    id: probe.id,
    api: probe.api,
    expected: [...probe.expect.status],
    ...(probe.risk ? { risk: probe.risk } : {}),
    ...(probe.mutation ? { mutation: probe.mutation } : {}),
    ...(probe.expect.edge ? { edge: true as const } : {}),
  };
  if (outcome.kind !== "checked") {
    const reason = outcome.kind === "environment" ? outcome.error.message : outcome.reason;
    const deferred = outcome.kind === "skipped" && outcome.deferred ? { deferred: true as const } : {};
    return {
      verdict: outcome.kind,
      judged: [],
      accepted: [],
      notices: [],
      record: { ...base, codes: [], outcome: outcome.kind, reason, ...deferred, findings: [] },
    };
  }
  const only = options.checks;
  const findings = only ? outcome.findings.filter((f) => only.includes(f.check)) : outcome.findings;
  const sorted = applyBaseline(probe.id, findings, options.baseline ?? emptyBaseline, options.today);
  const expired = sorted.expired.map(({ finding, entry }): Finding => ({
    ...finding,
    severity: "violation",
    title: `${finding.title} (baseline entry of ${entry.owner} expired on ${entry.expires})`,
  }));
  const judged = [...sorted.open, ...expired];
  const verdict = verdictOf(judged, options.strict);
  const state = (f: Finding) =>
    sorted.accepted.some((a) => a.finding === f)
      ? { baseline: "accepted" as const }
      : sorted.expired.some((e) => e.finding === f)
        ? { baseline: "expired" as const }
        : {};
  const levels = outcome.body.view?.levels ?? [];
  return {
    verdict,
    judged,
    accepted: sorted.accepted,
    notices: sorted.accepted.map(
      ({ finding, entry }) => `accepted by the baseline until ${entry.expires} (${entry.owner}: ${entry.reason}): [${finding.rule}] ${finding.title}`,
    ),
    record: {
      ...base,
      observed: outcome.exchange.response.status,
      codes: levels.flatMap((l) =>
        typeof l.code?.value === "string" || typeof l.code?.value === "number" ? [{ code: String(l.code.value), depth: l.depth }] : [],
      ),
      outcome: "checked",
      ...(outcome.waits ? { waits: outcome.waits } : {}),
      verdict,
      findings: findings.map((f) => ({ check: f.check, rule: f.rule, severity: f.severity, title: f.title, path: f.path, ...state(f) })),
    },
  };
}
