import type { SchemaError } from "../contract/load-schemas.js";
import type { ApiName } from "../contract/types.js";
import { finding, hasErrorBody, preview, type Check, type Finding } from "./types.js";

const EXPECTED_SHAPE: Record<ApiName, string> = {
  core: '{"code", "description", "data"[], "source"}',
  referrals: '{"error": {"code", "message", "target"?, "innerError"?}}',
};

/** Schema errors another check reports with more precision; reporting them here too would double every finding. */
const OWNED_ELSEWHERE: { pointer: RegExp; keywords: string[]; owner: string }[] = [
  { pointer: /^\/(description|error\/message)$/, keywords: ["minLength", "maxLength"], owner: "message" },
];

function valueAt(body: unknown, pointer: string): unknown {
  let node = body;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Known, accepted differences from the documents, seen in real traffic and in Microsoft's own examples. */
function knownDeviation(error: SchemaError, value: unknown): string | undefined {
  if (error.pointer === "/code" && error.keyword === "type" && typeof value === "number") {
    return "numeric code (the service's swagger, doc examples and the code table use numbers)";
  }
  if (/^\/data\/\d+$/.test(error.pointer) && error.keyword === "type" && typeof value === "string") {
    return "a string item in data (doc examples use strings; the envelope says error objects)";
  }
  return undefined;
}

function withoutInnerError(body: Record<string, unknown>): unknown {
  const error = { ...(body.error as Record<string, unknown>) };
  delete error.innerError;
  delete error.innererror;
  return { ...body, error };
}

export const envelopeCheck: Check = {
  name: "envelope",
  description: "The error body has the API's documented envelope, and it validates against the envelope's JSON Schema.",
  run(exchange, { api, body, schemas }) {
    if (!hasErrorBody(exchange) || body.kind !== "json") return [];
    const status = exchange.response.status;
    if (body.shape === "apim-throttle") {
      const errors = schemas.apimThrottle(body.json);
      if (status === 429 && errors.length === 0) {
        return [finding("envelope", "deviation", "a 429 with the throttling page's own {statusCode, message} body", EXPECTED_SHAPE[api], preview(body.json), "/")];
      }
    }
    if (body.shape !== api) {
      const received = body.shape === "core" || body.shape === "referrals" ? `the ${body.shape} envelope: ${preview(body.json)}` : preview(body.json);
      return [finding("envelope", "violation", `not the ${api} API's error envelope`, EXPECTED_SHAPE[api], received, "/")];
    }
    const json = body.json as Record<string, unknown>;
    // The innerError chain is walked by the inner-error check, iteratively; validating it here would recurse.
    const errors = api === "core" ? schemas.core(json) : schemas.referrals(withoutInnerError(json));
    const findings: Finding[] = [];
    for (const error of errors) {
      if (OWNED_ELSEWHERE.some((o) => o.pointer.test(error.pointer) && o.keywords.includes(error.keyword))) continue;
      const value = valueAt(json, error.pointer);
      const deviation = knownDeviation(error, value);
      const received = error.keyword === "required" ? "absent" : preview(value);
      findings.push(
        deviation
          ? finding("envelope", "deviation", deviation, `${error.pointer} ${error.message}`, received, error.pointer)
          : finding("envelope", "violation", `${error.pointer} ${error.message}`, `${error.pointer} ${error.message}`, received, error.pointer),
      );
    }
    return findings;
  },
};
