import type {} from "vitest";
import { analyzeBody } from "../checks/analyze-body.js";
import type { ApiName } from "../contract/types.js";
import type { Finding } from "../checks/types.js";
import type { ProbeOutcome, Verdict } from "../probes/run-probe.js";
import type { Baselined } from "./baseline.js";

/** What the conformance matrix needs of one case; carried from the worker to the reporter in the test's meta. */
export interface CaseRecord {
  id: string;
  api: ApiName;
  expected: number[];
  /** The status that came back; absent when the case was skipped or the target could not be reached. */
  observed?: number;
  /** Codes the error body carried: core `code`, Referrals top-level code and the inner codes, in order. */
  codes: string[];
  outcome: "checked" | "skipped" | "environment";
  verdict?: Verdict;
  checks: string[];
  /** Every finding, with whether a baseline entry accepted it or had expired. */
  findings: { check: string; severity: string; title: string; baseline?: "accepted" | "expired" }[];
}

declare module "vitest" {
  interface TaskMeta {
    pcContract?: CaseRecord;
  }
}

function codesOf(outcome: Extract<ProbeOutcome, { kind: "checked" }>): string[] {
  const body = analyzeBody(outcome.exchange);
  if (body.shape === "core") return [String((body.json as { code?: unknown }).code)];
  if (body.shape !== "referrals") return [];
  const codes: string[] = [];
  let level = (body.json as { error: Record<string, unknown> }).error;
  codes.push(String(level.code));
  for (let depth = 0; depth < 64; depth++) {
    const next = level.innerError ?? level.innererror;
    if (!next || typeof next !== "object") break;
    level = next as Record<string, unknown>;
    if (level.code !== undefined) codes.push(String(level.code));
  }
  return codes;
}

export function caseRecord(outcome: ProbeOutcome, verdict?: Verdict, sorted?: Baselined): CaseRecord {
  const base = { id: outcome.probe.id, api: outcome.probe.api, expected: outcome.probe.expect.status };
  if (outcome.kind !== "checked") return { ...base, codes: [], outcome: outcome.kind, checks: [], findings: [] };
  const state = (f: Finding) =>
    sorted?.accepted.some((a) => a.finding === f) ? { baseline: "accepted" as const } : sorted?.expired.some((e) => e.finding === f) ? { baseline: "expired" as const } : {};
  return {
    ...base,
    observed: outcome.exchange.response.status,
    codes: codesOf(outcome),
    outcome: "checked",
    ...(verdict ? { verdict } : {}),
    checks: [...new Set(outcome.findings.map((f) => f.check))],
    findings: outcome.findings.map((f) => ({ check: f.check, severity: f.severity, title: f.title, ...state(f) })),
  };
}
