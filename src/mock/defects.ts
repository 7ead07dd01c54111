import { targetApis } from "../contract/apis/registry.js";
import type { ErrorSpec } from "../contract/api-profile.js";
import { MockError } from "../errors.js";
import { jsonOf, type MockResponse } from "./mock-response.js";
import type { BehaviourOption } from "./mock-options.js";

/**
 * Named contract defects the mock can be switched into. Each rewrites error responses the way a broken
 * service would, and names the one check that must catch it (the self-test holds the mock to that). They
 * rewrite the neutral error description, so one defect works on every API's envelope.
 */
export interface Defect {
  name: string;
  description: string;
  caughtBy: string;
  /** Checks that may catch it too, where the break shows twice (a 404's code left on a 400 a case allows). */
  alsoCaughtBy?: readonly string[];
  severity: "violation" | "deviation";
  apply(response: MockResponse): MockResponse;
  /** A defect in what the service does: the mock option it sets, which the routes consult (the response passes through). */
  option?: BehaviourOption;
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

const documentedDefects: readonly Defect[] = [
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
    // 99904 on a 400 for a broken body is also not the code the page gives for the fault.
    alsoCaughtBy: ["fault-code"],
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
    // Where a case allows either (an id that is no GUID may be refused or name nothing), the 404's code on the 400 gives it away.
    alsoCaughtBy: ["code-status"],
    severity: "violation",
    apply: (r) => (r.status === 404 ? { ...r, status: 400 } : r),
  },
  {
    name: "success-for-bad-request",
    description: "400 faults answered with 200 and a success body",
    caughtBy: "status",
    severity: "violation",
    apply: (r) => (r.status === 400 ? { status: 200, headers: r.headers, json: { status: "ok" } } : r),
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
    description: "429 without Retry-After (a violation on the core API, a deviation on Referrals)",
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
    description: "401 without WWW-Authenticate (RFC 9110 must; the core page 'could'; real Referrals 401s have none)",
    caughtBy: "www-authenticate",
    severity: "deviation",
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
    apply: (r) => (r.invalidBodyWouldGet ? { status: r.invalidBodyWouldGet, headers: r.headers, json: { id: "00000000-0000-0000-0000-000000000000" } } : r),
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

/** Rewrites the rendered JSON of an error, for defects that break what the neutral description cannot say. */
function withJson(response: MockResponse, change: (json: Record<string, unknown>) => boolean): MockResponse {
  if (!hasJson(response) || response.json !== undefined) return response;
  const json = structuredClone(jsonOf(response)) as Record<string, unknown>;
  return change(json) ? { ...response, json } : response;
}

/** An IMF-fixdate of now + seconds, in the obsolete rfc850 form. */
function rfc850(seconds: number): string {
  const d = new Date(Date.now() + seconds * 1000);
  const day = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const two = (n: number) => String(n).padStart(2, "0");
  return `${day}, ${two(d.getUTCDate())}-${month}-${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

const NFD_E = "e\u0301";

/** Defects for the rules that follow the documents and known real traffic: each is caught by exactly its check. */
const fidelityDefects: readonly Defect[] = [
  {
    name: "core-415-for-media-type",
    description: "a body that is not JSON answered with 415 on the core API (ASP.NET's answer; the page lists no 415)",
    caughtBy: "status",
    severity: "deviation",
    apply: (r) => (r.template === "contentTypeNotJson" ? { ...r, status: 415, spec: { ...r.spec!, code: "415" } } : r),
  },
  {
    name: "lenient-deserializer",
    description: "bodies whose only faults are coercible values or limits the documents do not state are accepted (201)",
    caughtBy: "status",
    severity: "deviation",
    apply: (r) =>
      r.invalidBodyWouldGet && r.lenientWouldAccept
        ? { status: r.invalidBodyWouldGet, headers: r.headers, json: { id: "00000000-0000-0000-0000-000000000000" } }
        : r,
  },
  {
    name: "bodiless-401",
    description: "401s without a body (the MFA page's; the Referrals edge's)",
    caughtBy: "body",
    severity: "deviation",
    apply: (r) =>
      r.status === 401 ? { ...r, raw: "", headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k.toLowerCase() !== "content-type")) } : r,
  },
  {
    name: "text-json",
    description: "JSON error bodies labelled text/json",
    caughtBy: "content-type",
    severity: "deviation",
    apply: (r) => (hasJson(r) ? { ...r, headers: { ...r.headers, "Content-Type": "text/json; charset=utf-8" } } : r),
  },
  {
    name: "latin1-charset",
    description: "JSON error bodies declared ISO-8859-1",
    caughtBy: "content-type",
    severity: "deviation",
    apply: (r) => (hasJson(r) ? { ...r, headers: { ...r.headers, "Content-Type": "application/json; charset=iso-8859-1" } } : r),
  },
  {
    name: "extended-envelope",
    description: "core errors in the extended form official pages show {code, message, description, errorName, isRetryable, ...}",
    caughtBy: "envelope",
    severity: "deviation",
    apply: (r) => (r.invalidBodyWouldGet ? r : withSpec(r, (spec) => ({ ...spec, form: "extended" }))),
  },
  {
    name: "string-data-items",
    description: "core validation errors listing their fields in data as strings, as doc examples and real traffic do",
    caughtBy: "envelope",
    severity: "deviation",
    apply: (r) => (r.invalidBodyWouldGet && r.errorOf === "core" ? withSpec(r, (spec) => ({ ...spec, placesAs: "strings" })) : r),
  },
  {
    name: "null-optional",
    description: "optional fields sent as null (core data, Referrals target)",
    caughtBy: "envelope",
    severity: "deviation",
    apply: (r) => (r.invalidBodyWouldGet ? r : withSpec(r, (spec) => ({ ...spec, nullOptional: true }))),
  },
  {
    name: "blank-message",
    description: "messages of white space only",
    caughtBy: "message",
    severity: "deviation",
    apply: (r) => withSpec(r, (spec) => ({ ...spec, message: "   " })),
  },
  {
    name: "message-nfd-over-1024",
    description: "messages of 700 é written NFD: 1400 code points and UTF-16 units, 700 characters to a reader",
    caughtBy: "message",
    severity: "deviation",
    apply: (r) => withSpec(r, (spec) => ({ ...spec, message: NFD_E.repeat(700) })),
  },
  {
    name: "description-1025-emoji",
    description: "messages of 1025 emoji: over 1024 by every measure",
    caughtBy: "message",
    severity: "violation",
    apply: (r) => withSpec(r, (spec) => ({ ...spec, message: "😀".repeat(1025) })),
  },
  {
    name: "two-inner-spellings",
    description: "the inner error given twice, as innerError and InnerError",
    caughtBy: "inner-error",
    severity: "violation",
    apply: (r) =>
      withJson(r, (json) => {
        const error = json.error as Record<string, unknown> | undefined;
        if (!error?.innerError) return false;
        error.InnerError = structuredClone(error.innerError);
        return true;
      }),
  },
  {
    name: "innererror-pascalcase",
    description: "innerError spelled InnerError (the Polish seed's spelling)",
    caughtBy: "inner-error",
    severity: "deviation",
    apply: (r) => withSpec(r, (spec) => (spec.inner?.length ? { ...spec, innerKey: "InnerError" } : undefined)),
  },
  {
    name: "numeric-inner-code",
    description: "inner codes sent as JSON numbers",
    caughtBy: "inner-error",
    severity: "deviation",
    apply: (r) => withInner(r, (inner) => (inner.code = Number(inner.code))),
  },
  {
    name: "non-numeric-inner-code",
    description: "inner codes that are not numeric strings",
    caughtBy: "inner-error",
    severity: "violation",
    apply: (r) => withInner(r, (inner) => (inner.code = "InvalidInput")),
  },
  {
    name: "resource-modified-on-412",
    description: "412s carrying resourceModified, which the page gives 409 and describes as an ETag mismatch",
    caughtBy: "code-status",
    severity: "deviation",
    apply: (r) => (r.status === 412 && r.errorOf === "referrals" ? withSpec(r, (spec) => ({ ...spec, code: "resourceModified" })) : r),
  },
  {
    name: "undocumented-code",
    description: "codes no table lists (core 999999, Referrals somethingNew and inner 12345)",
    caughtBy: "code-status",
    severity: "deviation",
    apply: (r) =>
      withSpec(r, (spec) => ({
        ...spec,
        code: /^\d+$/.test(String(spec.code)) ? "999999" : "somethingNew",
        ...(spec.inner ? { inner: spec.inner.map((i) => ({ ...i, code: "12345" })) } : {}),
      })),
  },
  {
    name: "details-keyed-by-error-name",
    description: "validation errors naming the error, not the field (the Referrals page's own example)",
    caughtBy: "error-target",
    severity: "deviation",
    apply: (r) => (r.invalidBodyWouldGet ? withSpec(r, (spec) => ({ ...spec, placesAs: "error-names" })) : r),
  },
  {
    name: "allow-empty",
    description: "405s whose Allow lists no method",
    caughtBy: "allow",
    severity: "violation",
    apply: (r) => (r.status === 405 ? { ...withoutHeader(r, "allow"), headers: { ...withoutHeader(r, "allow").headers, Allow: "" } } : r),
  },
  {
    name: "retry-after-rfc850",
    description: "Retry-After as an HTTP-date in the obsolete rfc850 form",
    caughtBy: "retry-after",
    severity: "deviation",
    apply: (r) => (r.headers["Retry-After"] ? { ...r, headers: { ...r.headers, "Retry-After": rfc850(Number(r.headers["Retry-After"]) || 30) } } : r),
  },
  {
    name: "retry-after-impossible-date",
    description: "Retry-After naming 31 February",
    caughtBy: "retry-after",
    severity: "violation",
    apply: (r) => (r.headers["Retry-After"] ? { ...r, headers: { ...r.headers, "Retry-After": "Sat, 31 Feb 2026 10:00:00 GMT" } } : r),
  },
  {
    name: "request-id-missing",
    description: "Referrals answers without their Request-ID",
    caughtBy: "request-ids",
    severity: "deviation",
    apply: (r) => (r.errorOf === "referrals" ? withoutHeader(r, "request-id") : r),
  },
  {
    name: "wrong-inner-code",
    description: "Referrals 400s for a missing property answered with 99901 (invalid input), and the others with 99903 (missing input)",
    caughtBy: "fault-code",
    severity: "violation",
    apply: (r) => (r.errorOf === "referrals" && r.status === 400 ? withInner(r, (inner) => (inner.code = inner.code === "99903" ? "99901" : "99903")) : r),
  },
  {
    name: "leaks-stack-trace",
    description: "error messages carrying a .NET exception, its stack frame and source path",
    caughtBy: "hygiene",
    severity: "deviation",
    apply: (r) => withSpec(r, (spec) => ({ ...spec, message: STACK_TRACE })),
  },
  {
    name: "audience-900420",
    description: "a token of another audience refused with 900420, which real traffic shows and no table lists",
    caughtBy: "code-status",
    severity: "deviation",
    apply: (r) => (r.template === "audienceInvalid" ? withSpec(r, (spec) => ({ ...spec, code: "900420" })) : r),
  },
];

/**
 * The shapes known real Partner Center traffic has (fixtures/evidence/): numeric codes, string data items,
 * bodiless 401s without a challenge, the extended envelope, ASP.NET's 415, a UTF-8 BOM, ids not echoed. Against them a run ends with deviations only: `npm run mock -- --real-traffic`.
 */
export const REAL_TRAFFIC = [
  "numeric-code",
  "string-data-items",
  "bodiless-401",
  "www-authenticate-missing",
  "extended-envelope",
  "core-415-for-media-type",
  "utf8-bom",
  "ids-not-echoed",
] as const;

/** A .NET service's unhandled-exception text: what the hygiene check looks for. */
const STACK_TRACE =
  "Object reference not set to an instance of an object. System.NullReferenceException\n   at Microsoft.Partner.Api.Controllers.CustomersController.Get(String customerId) in D:\\a\\1\\s\\src\\Controllers\\CustomersController.cs:line 42";

/**
 * Defects in what the service does, not in what it answers: each sets the mock option it names, which the routes
 * consult; the response passes through.
 */
const behaviourDefects: readonly Defect[] = [
  {
    name: "applies-rejected-write",
    description: "an invalid write is carried out (the PATCH applied, the resource created), then answered with its 400",
    caughtBy: "state",
    severity: "violation",
    option: "appliesRejectedWrites",
    apply: (r) => r,
  },
  {
    name: "refuses-unknown-input",
    description: "extraneous body properties (which the documents say are ignored) and undocumented query parameters are refused with 400",
    caughtBy: "status",
    severity: "violation",
    option: "refusesUnknownInput",
    apply: (r) => r,
  },
  {
    name: "oversized-headers-500",
    description: "a front end that answers request headers past the server's limit with a bodiless 500 instead of 431",
    caughtBy: "status",
    severity: "violation",
    option: "oversizedHeaders500",
    apply: (r) => r,
  },
  {
    name: "invalid-header-500",
    description: "a front end that answers a header value holding CR, LF or NUL (folded, or a bare control character) with a bodiless 500 instead of 400",
    caughtBy: "status",
    severity: "violation",
    option: "invalidHeader500",
    apply: (r) => r,
  },
  {
    name: "duplicate-parameter-500",
    description: 'a query parameter given twice is answered with 500 (a service that binds size=10&size=10 as "10,10" and throws)',
    caughtBy: "status",
    severity: "violation",
    option: "duplicateParameter500",
    apply: (r) => r,
  },
  {
    name: "unknown-reference-500",
    description: "an id in the request body that names nothing (a user, a catalog item) is answered with 500: the lookup's empty result is dereferenced",
    caughtBy: "status",
    severity: "violation",
    option: "unknownReference500",
    apply: (r) => r,
  },
  {
    name: "lenient-writes",
    description: "bodies whose only faults are coercible values or limits the documents do not state are accepted, and the resource is created",
    caughtBy: "status",
    severity: "deviation",
    option: "lenientWrites",
    apply: (r) => r,
  },
];

export const defects: readonly Defect[] = [...documentedDefects, ...fidelityDefects, ...behaviourDefects];

/** Every error's description, 7 MB of it. */
const HUGE_TEXT = "x".repeat(7 * 1024 * 1024);

/**
 * Hostile loads rather than contract defects: what a misbehaving target does to the harness's memory. Found by
 * name like the defects, but outside the self-test (each case would hold megabytes): the fault matrix and the
 * benchmark use them, and hold the harness to a memory bound.
 */
export const loadDefects: readonly Defect[] = [
  {
    name: "description-7mb",
    description: "every error's description / error.message is 7 MB long",
    caughtBy: "message",
    severity: "violation",
    apply: (r) => withSpec(r, (spec) => ({ ...spec, message: HUGE_TEXT })),
  },
];

export const defectNames = [...defects.map((d) => d.name), "real-traffic", ...loadDefects.map((d) => d.name)];

/** The defects named; `real-traffic` stands for every shape in REAL_TRAFFIC. */
export function findDefects(names: readonly string[]): Defect[] {
  return names
    .flatMap((n) => (n === "real-traffic" ? [...REAL_TRAFFIC] : [n]))
    .map((name) => {
      const defect = defects.find((d) => d.name === name) ?? loadDefects.find((d) => d.name === name);
      if (!defect) throw new MockError(`unknown defect "${name}" (PC_MOCK_DEFECTS, --defect); known: ${defectNames.join(", ")}`);
      return defect;
    });
}

/** Applies the defects to an error response; success responses pass through untouched. */
export const applyDefects = (active: readonly Defect[], response: MockResponse): MockResponse =>
  response.errorOf ? active.reduce((r, d) => d.apply(r), response) : response;
