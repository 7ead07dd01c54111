import type { ApiName, ApiProfile } from "../contract/api-profile.js";
import { profileOf } from "../contract/apis/registry.js";
import { bundledCatalog, type Catalog } from "../contract/catalog.js";
import type { Exchange } from "../transport/exchange.js";
import { analyzeBody, type BodyAnalysis } from "./analyze-body.js";
import { expectsErrorBody, findingOf, type Check, type CheckContext, type Expectation, type Finding } from "./check.js";
import { checks as registry } from "./index.js";

export interface RunChecksOptions {
  catalog?: Catalog;
  checks?: readonly Check[];
}

export interface CheckResult {
  findings: Finding[];
  /** The body as the checks read it, with the judged API's view: for the evidence and the case record. */
  body: BodyAnalysis;
}

function applies(check: Check, exchange: Exchange, context: CheckContext): boolean {
  const when = check.appliesTo;
  if (!when) return true;
  if (when.errorBody && !expectsErrorBody(exchange)) {
    const status = exchange.response.status;
    if (!(when.errorsInSuccess && status >= 200 && status < 300 && context.body.view)) return false;
  }
  if (when.json && context.body.kind !== "json") return false;
  if (when.envelope && !context.body.view) return false;
  if (when.pointers && !context.expect.pointers?.length) return false;
  if (when.statuses && !when.statuses(context.contract.headers).includes(exchange.response.status)) return false;
  return true;
}

function run(check: Check, exchange: Exchange, context: CheckContext, findings: Finding[]): void {
  check.run(exchange, context, (rule, input) => findings.push(findingOf(check, rule, input)));
}

/** A set of checks split once into the gates and the rest (the registry is split on its first run). */
const split = new WeakMap<readonly Check[], { gates: Check[]; rest: Check[] }>();
function splitOf(checks: readonly Check[]): { gates: Check[]; rest: Check[] } {
  let parts = split.get(checks);
  if (!parts) split.set(checks, (parts = { gates: checks.filter((c) => c.gate), rest: checks.filter((c) => !c.gate) }));
  return parts;
}

/**
 * Runs every check that applies on one exchange and collects all findings. The gate (the status check) runs
 * first: when it finds a violation nothing else is judged, since the body of a wrong status says nothing about
 * the contract for the right one.
 */
export function runChecks(exchange: Exchange, api: ApiName | ApiProfile, expect: Expectation, options: RunChecksOptions = {}): CheckResult {
  const profile = typeof api === "string" ? profileOf(api) : api;
  const catalog = options.catalog ?? bundledCatalog();
  const body = analyzeBody(exchange, profile);
  const context: CheckContext = { api: profile, contract: catalog.api(profile.name), expect, body };
  const { gates, rest } = splitOf(options.checks ?? registry);
  const findings: Finding[] = [];
  for (const check of gates) run(check, exchange, context, findings);
  if (findings.some((f) => f.severity === "violation")) return { findings, body };
  // An edge input's answer may come from a gateway: an empty body is recorded, not judged further.
  if (expect.edge && body.kind === "empty") return { findings, body };
  for (const check of rest) if (applies(check, exchange, context)) run(check, exchange, context, findings);
  return { findings, body };
}
