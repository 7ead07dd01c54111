import type { ApiName } from "../contract/api-profile.js";
import type { Severity } from "../checks/check.js";
import type { Mutation, Risk } from "../probes/probe.js";

/** What the conformance matrix and `pc-contract baseline` need of one case; carried from the worker to the reporter. */
export interface CaseRecord {
  id: string;
  api: ApiName;
  expected: number[];
  /** What the request does to a tenant (read, rejected-write, write): a generated case's read-only share. */
  risk?: Risk;
  /** A generated case: its operation, kind of bad input and place (not a hand-written probe). */
  mutation?: Mutation;
  /** An edge input (the pages give it no status): judged by the edge contract and reported apart. */
  edge?: true;
  /** The status that came back; absent when the case was skipped or the target could not be reached. */
  observed?: number;
  /** Codes the error carried at each depth (0: top level), read from its view. */
  codes: { code: string; depth: number }[];
  /** unavailable: not sent, the target having failed too often in a row (not judged). */
  outcome: "checked" | "skipped" | "environment" | "unavailable";
  verdict?: "pass" | "deviation" | "fail";
  /** Throttling waits (Retry-After) the case sat out before its answer. */
  waits?: number;
  /** Why a case was skipped or not judged. */
  reason?: string;
  /** Skipped for the budget (left by the plan, or not sent once it was spent): a resumed run runs it. */
  deferred?: true;
  /** A failed stacked fuzz case: the mutations that fail alone, or that only the combination fails. */
  culprit?: string[];
  /** Every finding, with whether a baseline entry accepted it or had expired. */
  findings: { check: string; rule: string; severity: Severity; title: string; path: string; baseline?: "accepted" | "expired" }[];
}
