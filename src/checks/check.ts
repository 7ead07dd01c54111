import type { ApiContract, ApiProfile, Severity } from "../contract/api-profile.js";
import type { HeaderRules } from "../contract/api-profile.js";
import type { Exchange } from "../transport/exchange.js";
import type { BodyAnalysis } from "./analyze-body.js";
import type { StateFrame } from "./state.js";

export type { Severity };

/**
 * violation: breaks the documented contract; fails the case.
 * deviation: differs from the documents the way real traffic is known to; reported, fails only in strict mode.
 */
export interface Finding {
  /** The check that found it. */
  check: string;
  /** The stable id of the rule it breaks, `<check>/<rule>`: what baselines and grouping match on. */
  rule: string;
  severity: Severity;
  /** The property that does not hold, in one line. */
  title: string;
  expected: string;
  received: string;
  /** JSON pointer into the body, `header:Name`, or `status`. */
  path: string;
}

export interface Expectation {
  /** Statuses the case may legitimately get. */
  statuses: readonly number[];
  /** Body locations the request made invalid (generated cases); the error should point at one of them. */
  pointers?: readonly string[];
  /** Statuses that are a deviation, not a violation, when they come instead: a lenient service's 2xx for a value the documents do not make invalid. */
  tolerated?: readonly number[];
  /** The inner codes the API's page gives for the fault the request made (any of them will do). */
  faultCodes?: readonly string[];
  /** A resource a rejected write must leave as it was, read before and after it. */
  unchanged?: StateFrame;
  /**
   * An input the pages give no status (oversized headers and URLs, framing, RESTler's cut paths): a gateway may
   * answer it. Never 2xx where every expected status is a refusal, never 5xx; any 4xx; the envelope or an empty body.
   */
  edge?: boolean;
}

export interface CheckContext {
  api: ApiProfile;
  contract: ApiContract;
  expect: Expectation;
  body: BodyAnalysis;
}

/** What a rule states and how badly breaking it counts, unless the finding says otherwise. */
export interface RuleSpec {
  severity: Severity;
  summary: string;
}

/** What a check applies to; the runner filters, so a check never opens with the same `if`. */
export interface AppliesTo {
  /** A 4xx/5xx to anything but HEAD: an error body is expected (HEAD responses carry none, RFC 9110 §9.3.2). */
  errorBody?: boolean;
  /** With errorBody: also a 2xx whose body is the API's error envelope (the documents show errors inside 200s). */
  errorsInSuccess?: boolean;
  /** The body parsed as JSON. */
  json?: boolean;
  /** The body has the judged API's envelope (its view is there to read). */
  envelope?: boolean;
  /** Only cases whose request made named places invalid. */
  pointers?: boolean;
  /** Only these statuses, from the API's header rules. */
  statuses?(rules: HeaderRules): readonly number[];
}

export type FindingInput = Pick<Finding, "title" | "expected" | "received" | "path"> & { severity?: Severity };
export type Report<R extends string> = (rule: R, finding: FindingInput) => void;

export interface Check<R extends string = string> {
  name: string;
  /** What must hold, as a sentence a reader of the report understands. */
  description: string;
  /** The gate: judged first and alone; when it finds a violation, no other check runs. */
  gate?: boolean;
  rules: Readonly<Record<R, RuleSpec>>;
  /** Rules that come from the API profiles (known variants and deviations of their envelopes). */
  adapterRules?(): Readonly<Record<string, RuleSpec>>;
  appliesTo?: AppliesTo;
  run(exchange: Exchange, context: CheckContext, report: Report<R>): void;
}

/** A check with its rule names typed, so `report("no-such-rule", ...)` does not compile. */
export const defineCheck = <R extends string>(check: Check<R>): Check<R> => check;

/** An error response to anything but HEAD carries an error body. */
export const expectsErrorBody = (exchange: Exchange): boolean => exchange.response.status >= 400 && exchange.request.method.toUpperCase() !== "HEAD";

/** A finding of one of a check's rules, with the rule's severity unless the input names one. */
export function findingOf<R extends string>(check: Check<R>, rule: R, input: FindingInput): Finding {
  const spec = check.rules[rule] ?? check.adapterRules?.()[rule];
  if (!spec) throw new Error(`${check.name} reports a rule it does not declare: ${rule}`);
  return {
    check: check.name,
    rule: `${check.name}/${rule}`,
    severity: input.severity ?? spec.severity,
    title: input.title,
    expected: input.expected,
    received: input.received,
    path: input.path,
  };
}

/** Short, printable rendering of a received value for messages. */
export function preview(value: unknown, max = 120): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? "[…too deep to print]" : "{…too deep to print}";
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

const patterns = new Map<string, RegExp>();
/** A case-insensitive RegExp for a catalog pattern, compiled once. */
export function catalogPattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, "i")));
  return re;
}
