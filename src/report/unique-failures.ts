import type { CaseRecord } from "../gating/case-record.js";

export interface UniqueFailure {
  rule: string;
  /** The title the rule was first seen with (titles may name a value; the rule does not). */
  title: string;
  cases: number;
}

/** Failures grouped by the rule they break: a defect that breaks 300 cases is one thing to fix. */
export function uniqueFailures(records: readonly CaseRecord[]): UniqueFailure[] {
  const groups = new Map<string, UniqueFailure>();
  for (const r of records) {
    if (r.verdict !== "fail") continue;
    const counted = new Set<string>();
    for (const f of r.findings) {
      if (f.baseline === "accepted" || (f.severity !== "violation" && f.baseline !== "expired") || counted.has(f.rule)) continue;
      counted.add(f.rule);
      const group = groups.get(f.rule) ?? { rule: f.rule, title: f.title, cases: 0 };
      group.cases++;
      groups.set(f.rule, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.cases - a.cases);
}
