import type { ApiName, Catalog } from "../contract/types.js";
import type { EnvelopeSchemas } from "../contract/load-schemas.js";
import type { Exchange } from "../transport/exchange.js";
import type { BodyAnalysis } from "./analyze-body.js";

/**
 * violation: breaks the documented contract; fails the test.
 * deviation: differs from the documents the way real traffic is known to; reported, fails only in strict mode.
 */
export type Severity = "violation" | "deviation";

export interface Finding {
  check: string;
  severity: Severity;
  /** The property that does not hold, in one line. */
  title: string;
  expected: string;
  received: string;
  /** JSON pointer into the body, `header:Name`, or `status`. */
  path: string;
}

export interface Expectation {
  /** Statuses the probe may legitimately get. */
  statuses: number[];
  /** Body locations the request made invalid (generated cases); the error should point at one of them. */
  pointers?: string[];
}

export interface CheckContext {
  api: ApiName;
  expect: Expectation;
  catalog: Catalog;
  schemas: EnvelopeSchemas;
  body: BodyAnalysis;
}

export interface Check {
  name: string;
  /** What must hold, as a sentence a reader of the report understands. */
  description: string;
  run(exchange: Exchange, context: CheckContext): Finding[];
}

/** Error responses carry an error body; HEAD responses never carry content (RFC 9110 §9.3.2). */
export const hasErrorBody = (exchange: Exchange): boolean =>
  exchange.response.status >= 400 && exchange.request.method.toUpperCase() !== "HEAD";

export function finding(check: string, severity: Severity, title: string, expected: string, received: string, path: string): Finding {
  return { check, severity, title, expected, received, path };
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
