import { allowCheck } from "./allow.js";
import { bodyCheck } from "./body.js";
import type { Check, RuleSpec } from "./check.js";
import { codeStatusCheck } from "./code-status.js";
import { contentTypeCheck } from "./content-type.js";
import { envelopeCheck } from "./envelope.js";
import { errorTargetCheck } from "./error-target.js";
import { faultCodeCheck } from "./fault-code.js";
import { hygieneCheck } from "./hygiene.js";
import { innerErrorCheck } from "./inner-error.js";
import { messageCheck } from "./message.js";
import { requestIdsCheck } from "./request-ids.js";
import { retryAfterCheck } from "./retry-after.js";
import { stateCheck } from "./state.js";
import { statusCheck } from "./status.js";
import { wwwAuthenticateCheck } from "./www-authenticate.js";

/** Every check. Order is the order findings are listed in; the gate (status) runs first wherever it stands. */
export const checks: readonly Check[] = [
  statusCheck,
  bodyCheck,
  contentTypeCheck,
  envelopeCheck,
  messageCheck,
  innerErrorCheck,
  codeStatusCheck,
  faultCodeCheck,
  errorTargetCheck,
  wwwAuthenticateCheck,
  allowCheck,
  retryAfterCheck,
  requestIdsCheck,
  hygieneCheck,
  stateCheck,
];

export const checkNames = checks.map((c) => c.name);

/** Every rule id (`<check>/<rule>`) with what it states: the checks' own and those the API profiles bring. */
export function ruleCatalogue(): Map<string, RuleSpec & { check: string }> {
  const rules = new Map<string, RuleSpec & { check: string }>();
  for (const check of checks) {
    for (const [name, spec] of Object.entries({ ...check.rules, ...check.adapterRules?.() }))
      rules.set(`${check.name}/${name}`, { ...spec, check: check.name });
  }
  return rules;
}
