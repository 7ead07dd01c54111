import { MAX_INNER_ERROR_DEPTH, type RuleSpecs } from "../contract/api-profile.js";
import { apiProfiles } from "../contract/apis/registry.js";
import { isObject } from "../contract/error-view.js";
import { valueAt } from "../contract/json-pointer.js";
import { defineCheck, preview } from "./check.js";
import { knownDeviation } from "./envelope.js";

/** The rules the APIs' adapters bring for one inner level (a numeric inner code). */
function adapterRules(): RuleSpecs {
  const rules: RuleSpecs = {};
  for (const p of apiProfiles())
    for (const k of p.envelope.knownDeviations) if (k.scope === "level") rules[k.rule] = { severity: "deviation", summary: `${k.title("…")} (${p.name})` };
  return rules;
}

/**
 * Validates each level of the inner chain alone (the view walked it once, iteratively, finding the key whatever
 * its casing) against the schema's level definition: no level is left unvalidated for being spelled otherwise.
 */
export const innerErrorCheck = defineCheck<string>({
  name: "inner-error",
  description: "Every innerError level has a code and a message, details is an array or null, and the chain nests as documented.",
  rules: {
    spelling: { severity: "deviation", summary: "the chain's key is spelled as documented (innerError)" },
    "two-spellings": { severity: "violation", summary: "a level carries its inner error under one key, not two spellings at once" },
    "too-deep": { severity: "violation", summary: `the chain is at most ${MAX_INNER_ERROR_DEPTH} levels deep` },
    "not-object": { severity: "violation", summary: "every level is an object {code, message, details?, innerError?}" },
    level: {
      severity: "violation",
      summary: "every level validates against the envelope's level schema (a numeric-string code, a message, details an array or null)",
    },
  },
  adapterRules,
  appliesTo: { errorBody: true, errorsInSuccess: true, envelope: true },
  run(_exchange, { api, contract, body }, report) {
    const view = body.view!;
    const canonical = api.envelope.chainKey;
    for (const conflict of view.conflicts) {
      report("two-spellings", {
        title: `${conflict.pointer} carries its inner error twice, as ${conflict.keys.join(" and ")}`,
        expected: `one ${canonical}`,
        received: conflict.keys.join(", "),
        path: conflict.pointer,
      });
    }
    const misspelled = view.levels.find((l) => l.depth > 0 && l.key !== canonical);
    if (misspelled) {
      report("spelling", {
        title: `${canonical} is spelled ${misspelled.key}`,
        expected: `${canonical} (the API page's spelling)`,
        received: misspelled.key,
        path: misspelled.pointer,
      });
    }
    const chainKey = canonical?.toLowerCase();
    for (const level of view.levels.slice(1)) {
      if (!isObject(level.value)) {
        report("not-object", {
          title: `${level.pointer} is not an object`,
          expected: "an object {code, message, details?, innerError?}",
          received: preview(level.value),
          path: level.pointer,
        });
        return;
      }
      if (!contract.validateLevel) continue;
      const alone = Object.fromEntries(Object.entries(level.value).filter(([k]) => k.toLowerCase() !== chainKey));
      const known = api.envelope.knownDeviations.filter((k) => k.scope === "level");
      for (const error of contract.validateLevel(alone)) {
        const path = `${level.pointer}${error.pointer === "/" ? "" : error.pointer}`;
        const value = valueAt(alone, error.pointer);
        const received = error.keyword === "required" ? "absent" : preview(value);
        const deviation = knownDeviation(error, value, known);
        if (deviation) report(deviation.rule, { title: `${deviation.title(value)} at ${level.pointer}`, expected: `${path} ${error.message}`, received, path });
        else report("level", { title: `${path} ${error.message}`, expected: `${path} ${error.message}`, received, path });
      }
    }
    if (view.truncatedAt) {
      const limit = `at most ${MAX_INNER_ERROR_DEPTH} levels`;
      report("too-deep", {
        title: `the innerError chain is deeper than ${MAX_INNER_ERROR_DEPTH} levels`,
        expected: limit,
        received: `more than ${MAX_INNER_ERROR_DEPTH} levels; the rest was not walked`,
        path: view.truncatedAt,
      });
    }
  },
});
