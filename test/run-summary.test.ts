import { describe, expect, test } from "vitest";
import type { CaseRecord } from "../src/gating/case-record.js";
import { summarizeRun, summaryOfRun } from "../src/report/run-summary.js";
import { caseRecord } from "./helpers/case-record.js";

type Finding = CaseRecord["findings"][number];
const finding = (rule: string, severity: Finding["severity"], over: Partial<Finding> = {}): Finding => ({
  check: rule.split("/")[0]!,
  rule,
  severity,
  title: `${rule} title`,
  path: "/",
  ...over,
});
const record = (id: string, over: Partial<CaseRecord>): CaseRecord => caseRecord({ id, ...over });

const records: CaseRecord[] = [
  record("a", { verdict: "fail", findings: [finding("status/wrong", "violation"), finding("envelope/numeric-code", "deviation")] }),
  record("b", { verdict: "fail", findings: [finding("status/wrong", "violation"), finding("status/wrong", "violation", { path: "x" })] }),
  record("c", { verdict: "deviation", findings: [finding("envelope/numeric-code", "deviation")] }),
  record("d", { verdict: "pass", findings: [finding("message/too-long", "violation", { baseline: "accepted" })] }),
  record("e", { verdict: "fail", findings: [finding("headers/retry-after", "violation", { baseline: "expired" })] }),
  record("f", { outcome: "skipped", verdict: undefined, observed: undefined, reason: "a write (it changes state when accepted)" }),
  record("g", { outcome: "skipped", verdict: undefined, observed: undefined, reason: "a write (it changes state when accepted)" }),
  record("h", { outcome: "skipped", verdict: undefined, observed: undefined, reason: "needs an app-only token" }),
  record("i", { outcome: "unavailable", verdict: undefined, observed: undefined, reason: "not judged: target unavailable since 10:00:00 UTC" }),
];

describe("the closing summary", () => {
  test("groups failures, deviations, accepted findings and skips by rule or reason, each case once per rule", () => {
    const s = summarizeRun(records);
    expect(s.failures).toEqual([
      { key: "status/wrong", title: "status/wrong title", cases: 2 },
      { key: "headers/retry-after", title: "headers/retry-after title", cases: 1 },
    ]);
    expect(s.failing).toBe(3);
    expect(s.deviations).toEqual([{ key: "envelope/numeric-code", title: "envelope/numeric-code title", cases: 2 }]);
    expect(s.accepted).toEqual([{ key: "message/too-long", title: "message/too-long title", cases: 1 }]);
    expect(s.skipped).toEqual([
      { key: "a write (it changes state when accepted)", cases: 2 },
      { key: "needs an app-only token", cases: 1 },
    ]);
    expect(s.unavailable).toBe(1);
    expect(summaryOfRun(s)).toEqual([
      "2 unique failures across 3 failing cases:",
      "  2 × [status/wrong] status/wrong title",
      "  1 × [headers/retry-after] headers/retry-after title",
      "2 deviations (reported, not failed; PC_STRICT=1 fails them), by rule:",
      "  2 × [envelope/numeric-code] envelope/numeric-code title",
      "1 finding accepted by the baseline, by rule:",
      "  1 × [message/too-long] message/too-long title",
      "3 cases skipped, by reason:",
      "  2 × a write (it changes state when accepted)",
      "  1 × needs an app-only token",
      "1 case not judged: the target became unavailable",
    ]);
  });

  test("in strict mode deviations are failures, grouped with them, not lost", () => {
    const strict = records.map((r) => (r.verdict === "deviation" ? { ...r, verdict: "fail" as const } : r));
    const s = summarizeRun(strict, true);
    expect(s.deviations).toEqual([]);
    expect(s.failures).toContainEqual({ key: "envelope/numeric-code", title: "envelope/numeric-code title", cases: 2 });
  });

  test("long lists stay a few lines", () => {
    const many = Array.from({ length: 20 }, (_, i) => record(`s${i}`, { outcome: "skipped", verdict: undefined, reason: `reason ${i}` }));
    const lines = summaryOfRun(summarizeRun(many), 8);
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe("  ... and 12 more groups (reports/conformance.json)");
  });
});
