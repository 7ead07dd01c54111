import { MAX_INNER_ERROR_DEPTH } from "../contract/api-profile.js";
import { isObject } from "../contract/error-view.js";
import { valueAt } from "../contract/json-pointer.js";
import { defineCheck, preview } from "./check.js";

/** Validates each level of the inner chain alone (the view walked it once, iteratively) against the schema's level definition. */
export const innerErrorCheck = defineCheck({
  name: "inner-error",
  description: "Every innerError level has a code and a message, details is an array or null, and the chain nests as documented.",
  rules: {
    spelling: { severity: "deviation", summary: "the chain's key is spelled as documented (innerError)" },
    "too-deep": { severity: "violation", summary: `the chain is at most ${MAX_INNER_ERROR_DEPTH} levels deep` },
    "not-object": { severity: "violation", summary: "every level is an object {code, message, details?, innerError?}" },
    level: { severity: "violation", summary: "every level validates against the envelope's level schema" },
  },
  appliesTo: { errorBody: true, envelope: true },
  run(_exchange, { api, contract, body }, report) {
    const view = body.view!;
    const canonical = api.envelope.chainKey;
    const misspelled = view.levels.find((l) => l.depth > 0 && l.key !== canonical);
    if (misspelled) {
      report("spelling", {
        title: `${canonical} is spelled ${misspelled.key}`,
        expected: `${canonical} (the API page's spelling)`,
        received: misspelled.key,
        path: misspelled.pointer,
      });
    }
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
      const alone = { ...level.value };
      for (const key of view.levels.map((l) => l.key)) delete alone[key];
      for (const error of contract.validateLevel(alone)) {
        const path = `${level.pointer}${error.pointer === "/" ? "" : error.pointer}`;
        const received = error.keyword === "required" ? "absent" : preview(valueAt(alone, error.pointer));
        report("level", { title: `${path} ${error.message}`, expected: `${path} ${error.message}`, received, path });
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
