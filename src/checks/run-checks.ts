import { bundledCatalog } from "../contract/load-catalog.js";
import { bundledSchemas } from "../contract/load-schemas.js";
import type { ApiName, Catalog } from "../contract/types.js";
import type { EnvelopeSchemas } from "../contract/load-schemas.js";
import type { Exchange } from "../transport/exchange.js";
import { analyzeBody } from "./analyze-body.js";
import { checks as registry } from "./index.js";
import type { Check, Expectation, Finding } from "./types.js";

export interface RunChecksOptions {
  catalog?: Catalog;
  schemas?: EnvelopeSchemas;
  checks?: readonly Check[];
}

/**
 * Runs every check on one exchange and collects all findings. When the status is wrong nothing else is
 * judged: the body of a wrong status says nothing about the contract for the right one.
 */
export function runChecks(exchange: Exchange, api: ApiName, expect: Expectation, options: RunChecksOptions = {}): Finding[] {
  const context = {
    api,
    expect,
    catalog: options.catalog ?? bundledCatalog(),
    schemas: options.schemas ?? bundledSchemas(),
    body: analyzeBody(exchange),
  };
  const [first, ...rest] = options.checks ?? registry;
  const statusFindings = first ? first.run(exchange, context) : [];
  if (statusFindings.some((f) => f.severity === "violation")) return statusFindings;
  return [...statusFindings, ...rest.flatMap((check) => check.run(exchange, context))];
}
