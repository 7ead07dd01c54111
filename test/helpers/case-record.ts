import type { CaseRecord } from "../../src/gating/case-record.js";

/** A checked, passing core case expecting and getting 400; tests override what they are about. */
export const caseRecord = (over: Partial<CaseRecord> = {}): CaseRecord => ({
  id: "x/y",
  api: "core",
  expected: [400],
  observed: 400,
  codes: [],
  outcome: "checked",
  verdict: "pass",
  findings: [],
  ...over,
});
