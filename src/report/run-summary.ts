import type { CaseRecord } from "../gating/case-record.js";

export interface Group {
  /** The skip reason, or the rule a group of findings breaks. */
  key: string;
  /** The rule's title as first seen (findings only). */
  title?: string;
  cases: number;
}

/** What a run did not judge and what it let through, grouped: the closing summary shows all of it, in a few lines. */
export interface RunSummary {
  skipped: Group[];
  /** Cases not sent because the target had become unavailable. */
  unavailable: number;
  failures: Group[];
  failing: number;
  /** Open deviations, by rule (in strict mode every deviation fails, and is counted with the failures). */
  deviations: Group[];
  /** Findings a baseline entry accepted, by rule. */
  accepted: Group[];
}

function grouped(items: Iterable<{ key: string; title?: string }>): Group[] {
  const groups = new Map<string, Group>();
  for (const { key, title } of items) {
    const group = groups.get(key) ?? { key, ...(title !== undefined ? { title } : {}), cases: 0 };
    group.cases++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.cases - a.cases || a.key.localeCompare(b.key));
}

/** Per case, one entry per rule: a case with three numeric codes counts once for its rule. */
function byRule(records: readonly CaseRecord[], keep: (f: CaseRecord["findings"][number]) => boolean): Group[] {
  return grouped(
    records.flatMap((r) => {
      const seen = new Set<string>();
      return r.findings.filter((f) => keep(f) && !seen.has(f.rule) && seen.add(f.rule)).map((f) => ({ key: f.rule, title: f.title }));
    }),
  );
}

/**
 * Failures grouped by the rule they break (a defect that breaks 300 cases is one thing to fix): the open
 * violations of failing cases, expired acceptances, and in strict mode the deviations too. Otherwise deviations
 * are their own group, wherever they occur.
 */
export function summarizeRun(records: readonly CaseRecord[], strict = false): RunSummary {
  const open = (f: CaseRecord["findings"][number]) => f.baseline !== "accepted";
  const fails = (f: CaseRecord["findings"][number]) => open(f) && (f.severity === "violation" || f.baseline === "expired" || strict);
  return {
    skipped: grouped(records.filter((r) => r.outcome === "skipped").map((r) => ({ key: r.reason ?? "no reason given" }))),
    unavailable: records.filter((r) => r.outcome === "unavailable").length,
    failures: byRule(
      records.filter((r) => r.verdict === "fail"),
      fails,
    ),
    failing: records.filter((r) => r.verdict === "fail").length,
    deviations: strict ? [] : byRule(records, (f) => open(f) && !fails(f)),
    accepted: byRule(records, (f) => f.baseline === "accepted"),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const total = (groups: readonly Group[]) => groups.reduce((n, g) => n + g.cases, 0);

/** The closing summary's lines for what was skipped, failed, deviated and accepted: at most `top` lines a group. */
export function summaryOfRun(s: RunSummary, top = 8): string[] {
  const lines: string[] = [];
  const list = (groups: readonly Group[]) => [
    ...groups.slice(0, top).map((g) => `  ${g.cases} × ${g.title !== undefined ? `[${g.key}] ${g.title}` : g.key}`),
    ...(groups.length > top ? [`  ... and ${plural(groups.length - top, "more group")} (reports/conformance.json)`] : []),
  ];
  if (s.failures.length) lines.push(`${plural(s.failures.length, "unique failure")} across ${plural(s.failing, "failing case")}:`, ...list(s.failures));
  if (s.deviations.length)
    lines.push(`${plural(total(s.deviations), "deviation")} (reported, not failed; PC_STRICT=1 fails them), by rule:`, ...list(s.deviations));
  if (s.accepted.length) lines.push(`${plural(total(s.accepted), "finding")} accepted by the baseline, by rule:`, ...list(s.accepted));
  if (s.skipped.length) lines.push(`${plural(total(s.skipped), "case")} skipped, by reason:`, ...list(s.skipped));
  if (s.unavailable) lines.push(`${plural(s.unavailable, "case")} not judged: the target became unavailable`);
  return lines;
}
