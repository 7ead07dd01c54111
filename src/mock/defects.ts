import { targetApis } from "../contract/apis/registry.js";
import type { ErrorSpec } from "../contract/api-profile.js";
import { MockError } from "../errors.js";
import { jsonOf, type MockResponse } from "./mock-response.js";

/**
 * Named contract defects the mock can be switched into. Each rewrites error responses the way a broken
 * service would, and names the one check that must catch it (the self-test holds the mock to that). They
 * rewrite the neutral error description, so one defect works on every API's envelope.
 */
export interface Defect {
  name: string;
  description: string;
  caughtBy: string;
  severity: "violation" | "deviation";
  apply(response: MockResponse): MockResponse;
}

const LONG_TEXT = "The request could not be processed. ".repeat(31); // 1116 characters

/** Rewrites the error's description, when the response still carries one (not a raw body). */
function withSpec(response: MockResponse, change: (spec: ErrorSpec) => ErrorSpec | undefined): MockResponse {
  if (!response.spec || response.json !== undefined || response.raw !== undefined) return response;
  const spec = change(structuredClone(response.spec));
  return spec ? { ...response, spec } : response;
}

/** Rewrites the first inner error, when there is one. */
const withInner = (response: MockResponse, change: (inner: NonNullable<ErrorSpec["inner"]>[number]) => void) =>
  withSpec(response, (spec) => {
    if (!spec.inner?.[0]) return undefined;
    change(spec.inner[0]);
    return spec;
  });

function withoutHeader(response: MockResponse, name: string): MockResponse {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));
  return { ...response, headers };
}

const hasJson = (r: MockResponse) => jsonOf(r) !== undefined && r.raw === undefined;

export const defects: readonly Defect[] = [
  {
    name: "description-over-1024",
    description: "description / error.message longer than 1024 characters",
    caughtBy: "message",
    severity: "violation",
    apply: (r) => withSpec(r, (spec) => ({ ...spec, message: LONG_TEXT })),
  },
  {
    name: "empty-message",
    description: "an empty description / error.message",
    caughtBy: "message",
    severity: "violation",
    apply: (r) => withSpec(r, (spec) => ({ ...spec, message: "" })),
  },
  {
    name: "inner-error-without-code",
    description: "innerError without its code",
    caughtBy: "inner-error",
    severity: "violation",
    apply: (r) => withInner(r, (inner) => delete inner.code),
  },
  {
    name: "innererror-lowercase",
    description: "innerError spelled innererror (Graph's schema spelling)",
    caughtBy: "inner-error",
    severity: "deviation",
    apply: (r) => withSpec(r, (spec) => (spec.inner?.length ? { ...spec, innerKey: "innererror" } : undefined)),
  },
  {
    name: "inner-code-contradicts-status",
    description: "an inner code documented for another status (99901 on a 404, 99904 elsewhere)",
    caughtBy: "code-status",
    severity: "violation",
    apply: (r) => withInner(r, (inner) => (inner.code = r.status === 404 ? "99901" : "99904")),
  },
  {
    name: "core-code-contradicts-status",
    description: "code 3000 (a core 400 code) on every 404",
    caughtBy: "code-status",
    severity: "deviation",
    apply: (r) => (r.status === 404 ? withSpec(r, (spec) => ({ ...spec, code: "3000" })) : r),
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
    description: "401 with a Bearer challenge instead of the documented form (core: OAuth realm=...)",
    caughtBy: "www-authenticate",
    severity: "deviation",
    apply: (r) => (r.status === 401 ? { ...r, headers: { ...r.headers, "WWW-Authenticate": 'Bearer realm="partnercenter"' } } : r),
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
      raw: `<!DOCTYPE html><html><head><title>${r.status} Error</title></head><body><h1>Server Error</h1></body></html>`,
    }),
  },
  {
    name: "empty-body",
    description: "errors answered with an empty body",
    caughtBy: "body",
    severity: "violation",
    apply: (r) => ({ ...r, raw: "" }),
  },
  {
    name: "utf8-bom",
    description: "JSON error bodies preceded by a UTF-8 byte order mark",
    caughtBy: "body",
    severity: "deviation",
    apply: (r) =>
      hasJson(r) ? { ...r, raw: `\uFEFF${JSON.stringify(jsonOf(r))}`, headers: { ...r.headers, "Content-Type": "application/json; charset=utf-8" } } : r,
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
    description: "numeric codes sent as JSON numbers (the core code)",
    caughtBy: "envelope",
    severity: "deviation",
    apply: (r) => withSpec(r, (spec) => (typeof spec.code === "string" && /^\d+$/.test(spec.code) ? { ...spec, code: Number(spec.code) } : undefined)),
  },
  {
    name: "wrong-envelope",
    description: "errors answered with another API's envelope (core errors with the Referrals envelope, and the other way round)",
    caughtBy: "envelope",
    severity: "violation",
    apply: (r) => {
      if (!r.spec || !r.errorOf || !hasJson(r)) return r;
      const apis = targetApis();
      const other = apis[(apis.findIndex((p) => p.name === r.errorOf) + 1) % apis.length]!;
      return { ...r, json: other.renderError({ code: String(r.spec.code), message: r.spec.message }) };
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
    apply: (r) =>
      r.invalidBodyWouldGet
        ? withSpec(r, (spec) => ({ ...spec, target: "pcContractWrongField", places: [{ field: "/pcContractWrongField", problem: "invalid" }] }))
        : r,
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
    if (!defect) throw new MockError(`unknown defect "${name}" (PC_MOCK_DEFECTS, --defect); known: ${defectNames.join(", ")}`);
    return defect;
  });
}

/** Applies the defects to an error response; success responses pass through untouched. */
export const applyDefects = (active: readonly Defect[], response: MockResponse): MockResponse =>
  response.errorOf ? active.reduce((r, d) => d.apply(r), response) : response;
