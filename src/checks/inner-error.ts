import { finding, hasErrorBody, preview, type Check, type Finding } from "./types.js";

/** Deeper chains are not walked: no documented chain comes close, and a hostile body must not cost more. */
export const MAX_INNER_ERROR_DEPTH = 64;

type Level = Record<string, unknown>;

function childOf(level: Level): { key: "innerError" | "innererror"; value: unknown } | undefined {
  if (level.innerError !== undefined && level.innerError !== null) return { key: "innerError", value: level.innerError };
  if (level.innererror !== undefined && level.innererror !== null) return { key: "innererror", value: level.innererror };
  return undefined;
}

/** Walks error.innerError → innerError → … iteratively, validating each level alone against the schema's level definition. */
export const innerErrorCheck: Check = {
  name: "inner-error",
  description: "Every innerError level has a code and a message, details is an array or null, and the chain nests as documented.",
  run(exchange, { body, schemas }) {
    if (!hasErrorBody(exchange) || body.shape !== "referrals") return [];
    const findings: Finding[] = [];
    let parent = (body.json as { error: Level }).error;
    let pointer = "/error";
    let misspelled = false;
    for (let depth = 1; ; depth++) {
      const child = childOf(parent);
      if (!child) return findings;
      pointer = `${pointer}/${child.key}`;
      if (child.key === "innererror" && !misspelled) {
        misspelled = true;
        findings.push(finding("inner-error", "deviation", "innerError is spelled innererror", "innerError (Referrals page example)", "innererror (Graph's schema spelling)", pointer));
      }
      if (depth > MAX_INNER_ERROR_DEPTH) {
        findings.push(finding("inner-error", "violation", `the innerError chain is deeper than ${MAX_INNER_ERROR_DEPTH} levels`, `at most ${MAX_INNER_ERROR_DEPTH} levels`, `more than ${MAX_INNER_ERROR_DEPTH} levels; the rest was not walked`, pointer));
        return findings;
      }
      if (typeof child.value !== "object" || Array.isArray(child.value)) {
        findings.push(finding("inner-error", "violation", `${pointer} is not an object`, "an object {code, message, details?, innerError?}", preview(child.value), pointer));
        return findings;
      }
      const level = child.value as Level;
      const { innerError: _a, innererror: _b, ...alone } = level;
      for (const error of schemas.referralsInnerErrorLevel(alone)) {
        const path = `${pointer}${error.pointer === "/" ? "" : error.pointer}`;
        const received = error.keyword === "required" ? "absent" : preview(alone[error.pointer.slice(1)]);
        findings.push(finding("inner-error", "violation", `${path} ${error.message}`, `${path} ${error.message}`, received, path));
      }
      parent = level;
    }
  },
};
