import type { MockResponse } from "./mock-response.js";

/**
 * Named contract defects the mock can be switched into. Each rewrites error responses the way a broken
 * service would, and names the one check that must catch it (the self-test holds the mock to that).
 */
export interface Defect {
  name: string;
  description: string;
  caughtBy: string;
  severity: "violation" | "deviation";
  apply(response: MockResponse): MockResponse;
}

type Json = Record<string, unknown>;

const LONG_TEXT = "The request could not be processed. ".repeat(31); // 1116 characters

function withMessage(response: MockResponse, text: string): MockResponse {
  const body = structuredClone(response.json) as Json;
  if (response.errorOf === "core") body.description = text;
  else (body.error as Json).message = text;
  return { ...response, json: body };
}

function mapInnerError(response: MockResponse, change: (inner: Json) => void): MockResponse {
  if (response.errorOf !== "referrals") return response;
  const body = structuredClone(response.json) as { error: Json };
  const inner = body.error.innerError as Json | undefined;
  if (!inner) return response;
  change(inner);
  return { ...response, json: body };
}

function withoutHeader(response: MockResponse, name: string): MockResponse {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));
  return { ...response, headers };
}

const hasJson = (r: MockResponse) => r.json !== undefined && r.raw === undefined;

export const defects: readonly Defect[] = [
  {
    name: "description-over-1024",
    description: "description / error.message longer than 1024 characters",
    caughtBy: "message",
    severity: "violation",
    apply: (r) => (hasJson(r) ? withMessage(r, LONG_TEXT) : r),
  },
  {
    name: "empty-message",
    description: "an empty description / error.message",
    caughtBy: "message",
    severity: "violation",
    apply: (r) => (hasJson(r) ? withMessage(r, "") : r),
  },
  {
    name: "inner-error-without-code",
    description: "innerError without its code",
    caughtBy: "inner-error",
    severity: "violation",
    apply: (r) => mapInnerError(r, (inner) => delete inner.code),
  },
  {
    name: "innererror-lowercase",
    description: "innerError spelled innererror (Graph's schema spelling)",
    caughtBy: "inner-error",
    severity: "deviation",
    apply: (r) => {
      if (r.errorOf !== "referrals") return r;
      const body = structuredClone(r.json) as { error: Json };
      if (!body.error.innerError) return r;
      body.error.innererror = body.error.innerError;
      delete body.error.innerError;
      return { ...r, json: body };
    },
  },
  {
    name: "inner-code-contradicts-status",
    description: "an inner code documented for another status (99901 on a 404, 99904 elsewhere)",
    caughtBy: "code-status",
    severity: "violation",
    apply: (r) => mapInnerError(r, (inner) => (inner.code = r.status === 404 ? "99901" : "99904")),
  },
  {
    name: "core-code-contradicts-status",
    description: "a core code the table documents with another status (3000, a 400 code, on every 404)",
    caughtBy: "code-status",
    severity: "deviation",
    apply: (r) => (r.errorOf === "core" && r.status === 404 && hasJson(r) ? { ...r, json: { ...(r.json as Json), code: "3000" } } : r),
  },
  {
    name: "wrong-status",
    description: "404 faults answered with 400",
    caughtBy: "status",
    severity: "violation",
    apply: (r) => (r.status === 404 ? { ...r, status: 400 } : r),
  },
  {
    name: "success-for-bad-request",
    description: "400 faults answered with 200 and a success body",
    caughtBy: "status",
    severity: "violation",
    apply: (r) => (r.status === 400 ? { status: 200, headers: {}, json: { status: "ok" } } : r),
  },
  {
    name: "server-error-for-client-fault",
    description: "400 faults answered with 500",
    caughtBy: "status",
    severity: "violation",
    apply: (r) => (r.status === 400 ? { ...r, status: 500 } : r),
  },
  {
    name: "retry-after-missing",
    description: "429 without Retry-After",
    caughtBy: "retry-after",
    severity: "violation",
    apply: (r) => (r.status === 429 ? withoutHeader(r, "retry-after") : r),
  },
  {
    name: "retry-after-malformed",
    description: "Retry-After that is neither delay-seconds nor an HTTP-date",
    caughtBy: "retry-after",
    severity: "violation",
    apply: (r) => (r.headers["Retry-After"] ? { ...r, headers: { ...r.headers, "Retry-After": "in a minute" } } : r),
  },
  {
    name: "www-authenticate-missing",
    description: "401 without WWW-Authenticate",
    caughtBy: "www-authenticate",
    severity: "violation",
    apply: (r) => (r.status === 401 ? withoutHeader(r, "www-authenticate") : r),
  },
  {
    name: "www-authenticate-bearer",
    description: "core 401 with a Bearer challenge instead of the documented OAuth realm form",
    caughtBy: "www-authenticate",
    severity: "deviation",
    apply: (r) => (r.status === 401 && r.errorOf === "core" ? { ...r, headers: { ...r.headers, "WWW-Authenticate": 'Bearer realm="partnercenter"' } } : r),
  },
  {
    name: "allow-missing",
    description: "405 without Allow",
    caughtBy: "allow",
    severity: "violation",
    apply: (r) => (r.status === 405 ? withoutHeader(r, "allow") : r),
  },
  {
    name: "html-error-page",
    description: "errors answered with a gateway's HTML page",
    caughtBy: "body",
    severity: "violation",
    apply: (r) => ({
      ...r,
      headers: { ...r.headers, "Content-Type": "text/html; charset=utf-8" },
      json: undefined,
      raw: `<!DOCTYPE html><html><head><title>${r.status} Error</title></head><body><h1>Server Error</h1></body></html>`,
    }),
  },
  {
    name: "empty-body",
    description: "errors answered with an empty body",
    caughtBy: "body",
    severity: "violation",
    apply: (r) => ({ ...r, json: undefined, raw: "" }),
  },
  {
    name: "utf8-bom",
    description: "JSON error bodies preceded by a UTF-8 byte order mark",
    caughtBy: "body",
    severity: "deviation",
    apply: (r) => (hasJson(r) ? { ...r, json: undefined, raw: `\uFEFF${JSON.stringify(r.json)}`, headers: { ...r.headers, "Content-Type": "application/json; charset=utf-8" } } : r),
  },
  {
    name: "wrong-content-type",
    description: "JSON error bodies labelled text/plain",
    caughtBy: "content-type",
    severity: "violation",
    apply: (r) => (hasJson(r) ? { ...r, headers: { ...r.headers, "Content-Type": "text/plain; charset=utf-8" } } : r),
  },
  {
    name: "numeric-code",
    description: "core code sent as a JSON number",
    caughtBy: "envelope",
    severity: "deviation",
    apply: (r) => (r.errorOf === "core" && hasJson(r) ? { ...r, json: { ...(r.json as Json), code: Number((r.json as Json).code) } } : r),
  },
  {
    name: "wrong-envelope",
    description: "core errors answered with the Referrals envelope",
    caughtBy: "envelope",
    severity: "violation",
    apply: (r) => {
      if (r.errorOf !== "core" || !hasJson(r)) return r;
      const body = r.json as Json;
      return { ...r, json: { error: { code: String(body.code), message: body.description } } };
    },
  },
  {
    name: "accepts-invalid-body",
    description: "bodies the request schema refuses are accepted with a 2xx",
    caughtBy: "status",
    severity: "violation",
    apply: (r) => (r.invalidBodyWouldGet ? { status: r.invalidBodyWouldGet, headers: {}, json: { id: "00000000-0000-0000-0000-000000000000" } } : r),
  },
  {
    name: "details-wrong-field",
    description: "validation errors name another field than the invalid one",
    caughtBy: "error-target",
    severity: "violation",
    apply: (r) => {
      if (!r.invalidBodyWouldGet || !hasJson(r)) return r;
      const body = structuredClone(r.json) as Json;
      if (r.errorOf === "core") body.data = [{ field: "/pcContractWrongField", message: "invalid" }];
      else {
        const error = body.error as Json;
        error.target = "pcContractWrongField";
        (error.innerError as Json).details = [{ pcContractWrongField: ["invalid"] }];
      }
      return { ...r, json: body };
    },
  },
  {
    name: "ids-not-echoed",
    description: "MS-CorrelationId and MS-RequestId not echoed",
    caughtBy: "request-ids",
    severity: "deviation",
    apply: (r) => withoutHeader(withoutHeader(r, "ms-correlationid"), "ms-requestid"),
  },
];

export const defectNames = defects.map((d) => d.name);

export function findDefects(names: readonly string[]): Defect[] {
  return names.map((name) => {
    const defect = defects.find((d) => d.name === name);
    if (!defect) throw new Error(`unknown defect "${name}"; known defects: ${defectNames.join(", ")}`);
    return defect;
  });
}

/** Applies the defects to an error response; success responses pass through untouched. */
export const applyDefects = (active: readonly Defect[], response: MockResponse): MockResponse =>
  response.errorOf ? active.reduce((r, d) => d.apply(r), response) : response;
