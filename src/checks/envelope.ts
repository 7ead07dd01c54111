import type { KnownDeviation, RuleSpecs } from "../contract/api-profile.js";
import { apiProfiles } from "../contract/apis/registry.js";
import type { SchemaError } from "../contract/create-ajv.js";
import { valueAt } from "../contract/json-pointer.js";
import { defineCheck, preview } from "./check.js";

/** Bounds the message check reports with more precision (characters, emptiness); reporting them here too would double every finding. */
const MESSAGE_KEYWORDS = new Set(["minLength", "maxLength"]);

export const jsonType = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** The known deviation a schema error is, if it is one. */
export const knownDeviation = (error: SchemaError, value: unknown, known: readonly KnownDeviation[]): KnownDeviation | undefined =>
  known.find((k) => k.keyword === error.keyword && k.pointer.test(error.pointer) && (k.valueType === undefined || k.valueType === jsonType(value)));

/** The rules the APIs' adapters bring: known variants, documented forms and known schema deviations, each a deviation of its own. */
function adapterRules(): RuleSpecs {
  const rules: RuleSpecs = {};
  for (const p of apiProfiles()) {
    for (const v of p.envelope.variants) rules[v.rule] = { severity: "deviation", summary: `${v.title} (${p.name})` };
    for (const f of p.envelope.forms) rules[f.rule] = { severity: "deviation", summary: `${f.title} (${p.name})` };
    for (const k of p.envelope.knownDeviations) if (k.scope !== "level") rules[k.rule] = { severity: "deviation", summary: `${k.title("…")} (${p.name})` };
  }
  return rules;
}

/**
 * The envelope the API documents, validated against its schema. What an official page shows (another form of
 * the envelope, a numeric code, string data items, a null optional field) and known real traffic is a
 * deviation, each with its own rule; anything else that breaks the schema is a violation.
 */
export const envelopeCheck = defineCheck<string>({
  name: "envelope",
  description: "The error body has the API's documented envelope, and it validates against the envelope's JSON Schema.",
  rules: {
    "wrong-envelope": { severity: "violation", summary: "the error body has the API's envelope" },
    schema: { severity: "violation", summary: "the envelope validates against its JSON Schema" },
    "api-unknown": { severity: "violation", summary: "the request or the body says which API answered (offline checks)" },
  },
  adapterRules,
  appliesTo: { errorBody: true, errorsInSuccess: true, json: true },
  run(exchange, { api, contract, body }, report) {
    const status = exchange.response.status;
    const expected = api.envelope.shape;
    if (!body.view) {
      const variant = api.envelope.variants.find((v) => v.name === body.shape);
      if (variant && variant.statuses.includes(status) && contract.variants[variant.name]?.(body.json).length === 0) {
        report(variant.rule, { title: variant.title, expected, received: preview(body.json), path: "/" });
        return;
      }
      const other = body.shape !== "other-json" && !variant ? `the ${body.shape} envelope: ` : "";
      report("wrong-envelope", { title: `not the ${api.name} API's error envelope`, expected, received: `${other}${preview(body.json)}`, path: "/" });
      return;
    }
    const json = body.json;
    const message = body.view.message?.pointer;
    const form = api.envelope.forms.find((f) => f.matches(json));
    if (form) report(form.rule, { title: form.title, expected, received: preview(json), path: "/" });
    const validate = form ? contract.variants[form.name]! : contract.validate;
    // The inner chain is validated level by level by the inner-error check, iteratively; validating it here would recurse.
    for (const error of validate(api.envelope.topLevel(json))) {
      if (error.pointer === message && MESSAGE_KEYWORDS.has(error.keyword)) continue;
      const value = valueAt(json, error.pointer);
      const received = error.keyword === "required" ? "absent" : preview(value);
      const known = knownDeviation(
        error,
        value,
        api.envelope.knownDeviations.filter((k) => k.scope !== "level"),
      );
      if (known) report(known.rule, { title: known.title(value), expected: `${error.pointer} ${error.message}`, received, path: error.pointer });
      else report("schema", { title: `${error.pointer} ${error.message}`, expected: `${error.pointer} ${error.message}`, received, path: error.pointer });
    }
  },
});
