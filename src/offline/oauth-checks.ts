import { finding, type Finding } from "../checks/types.js";
import type { BodyAnalysis } from "../checks/analyze-body.js";
import { headerValue, type Exchange } from "../transport/exchange.js";

/** RFC 6749 §5.2 error codes; the identity platform adds its own (interaction_required, ...), which are deviations. */
const RFC_ERRORS = new Set(["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"]);
/** NQSCHAR: %x20-21 / %x23-5B / %x5D-7E (RFC 6749 Appendix A). */
const NQSCHAR = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/;

/** A token-endpoint error judged by the OAuth 2.0 error response (RFC 6749 §5.2), not by Partner Center's envelopes. */
export function oauthFindings(exchange: Exchange, body: BodyAnalysis): Finding[] {
  const status = exchange.response.status;
  const findings: Finding[] = [];
  const check = "oauth-error";
  if (status !== 400 && status !== 401) findings.push(finding(check, "violation", "an OAuth error response is not 400 (or 401 for a client that failed to authenticate)", "400 or 401", String(status), "status"));
  const type = headerValue(exchange.response.headers, "content-type");
  if (!type || !/^application\/json\b/i.test(type)) findings.push(finding(check, "violation", "an OAuth error is not application/json", "application/json", type ?? "no Content-Type", "header:Content-Type"));
  if (body.kind !== "json" || body.json === null || typeof body.json !== "object" || Array.isArray(body.json)) {
    findings.push(finding(check, "violation", "an OAuth error body is not a JSON object", '{"error": "...", "error_description"?: "..."}', body.kind === "json" ? "other JSON" : (body.notJsonReason ?? "an empty body"), "/"));
    return findings;
  }
  const json = body.json as Record<string, unknown>;
  if (typeof json.error !== "string" || !NQSCHAR.test(json.error)) {
    findings.push(finding(check, "violation", "error is missing or not an ASCII code", "error: one of invalid_request, invalid_client, ...", JSON.stringify(json.error) ?? "absent", "/error"));
  } else if (!RFC_ERRORS.has(json.error)) {
    findings.push(finding(check, "deviation", `error ${json.error} is not one of RFC 6749 §5.2`, [...RFC_ERRORS].join(", "), json.error, "/error"));
  }
  if (json.error_description !== undefined && (typeof json.error_description !== "string" || !/^[\x20\x21\x23-\x5B\x5D-\x7E\s]*$/.test(json.error_description))) {
    findings.push(finding(check, "deviation", "error_description is not ASCII text", "NQSCHAR text (RFC 6749 §5.2)", String(json.error_description).slice(0, 80), "/error_description"));
  }
  if (json.error_uri !== undefined && (typeof json.error_uri !== "string" || !URL.canParse(json.error_uri))) {
    findings.push(finding(check, "violation", "error_uri is not a URI", "an absolute URI", String(json.error_uri).slice(0, 80), "/error_uri"));
  }
  return findings;
}
