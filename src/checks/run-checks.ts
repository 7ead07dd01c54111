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

function run(check: Check, exchange: Exchange, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  check.run(exchange, context, (rule, input) => findings.push(findingOf(check, rule, input)));
  return findings;
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
  const all = options.checks ?? registry;
  const gates = all.filter((c) => c.gate);
  const gated = gates.flatMap((check) => run(check, exchange, context));
  if (gated.some((f) => f.severity === "violation")) return { findings: gated, body };
  // An edge input's answer may come from a gateway: an empty body is recorded, not judged further.
  if (expect.edge && body.kind === "empty") return { findings: gated, body };
  const rest = all.filter((c) => !c.gate && applies(c, exchange, context)).flatMap((check) => run(check, exchange, context));
  return { findings: [...gated, ...rest], body };
}
