import { describe, expect, test } from "vitest";
import type { Finding } from "../src/checks/check.js";
import { checks, ruleCatalogue } from "../src/checks/index.js";
import { runChecks } from "../src/checks/run-checks.js";
import type { ApiName } from "../src/contract/api-profile.js";
import { snapshotOf, type StateFrame } from "../src/checks/state.js";
import { coreBody, exchange, referralsBody, type ExchangeInput } from "./helpers/exchange.js";

interface Case {
  check: string;
  name: string;
  api?: ApiName;
  expected?: number[];
  pointers?: string[];
  tolerated?: number[];
  unchanged?: StateFrame;
  faultCodes?: string[];
  edge?: boolean;
  input: ExchangeInput;
  /** Empty: the check must pass. Otherwise the severity and a fragment of the title of each finding, in order. */
  findings: [Finding["severity"], string][];
}

const ids = { "MS-CorrelationId": "1f0e6a52-6a52-4c1e-9a52-6a526a526a52", "MS-RequestId": "2f0e6a52-6a52-4c1e-9a52-6a526a526a52" };
/** Built as text: JSON.stringify itself overflows the stack on a 100 000-deep value. */
const nested = (depth: number): ExchangeInput["raw"] =>
  `{"error":{"code":"invalidRequest","message":"bad","innerError":${'{"code":"99901","message":"m","details":null,"innerError":'.repeat(depth)}null${"}".repeat(depth)}}}`;
const json = { "Content-Type": "application/json" };
const LIST = "https://pc.test/v1/customers?size=500";
const listOf = (...ids: string[]) => snapshotOf(exchange({ status: 200, body: { totalCount: ids.length, items: ids.map((id) => ({ id })) } }), "list");

const cases: Case[] = [
  // status
  { check: "status", name: "an expected, documented status", input: { status: 400, body: coreBody() }, findings: [] },
  { check: "status", name: "2xx for a bad request", input: { status: 200, body: {} }, findings: [["violation", "not rejected"]] },
  { check: "status", name: "5xx for a client fault", input: { status: 500, body: coreBody() }, findings: [["violation", "server error"]] },
  { check: "status", name: "another documented status", input: { status: 403, body: coreBody() }, findings: [["violation", "wrong status"]] },
  {
    check: "status",
    name: "a status the API does not document",
    input: { status: 418, body: coreBody() },
    findings: [["violation", "neither expected for this fault nor documented"]],
  },
  {
    check: "status",
    name: "an expected status the API does not document (418 on core)",
    expected: [418],
    input: { status: 418, body: coreBody() },
    findings: [["violation", "not a documented status of the core API"]],
  },
  {
    check: "status",
    name: "a framework-level status the core page omits (415)",
    expected: [400, 415],
    input: { status: 415, body: coreBody() },
    findings: [["deviation", "not a status the core API's page lists"]],
  },
  {
    check: "status",
    name: "a lenient 201 for a value the documents do not make invalid",
    expected: [400],
    tolerated: [201],
    input: { status: 201, body: { id: "x" } },
    findings: [["deviation", "accepted a request the documents do not make invalid"]],
  },
  {
    check: "status",
    name: "a redirect for a bad request",
    input: { status: 302, raw: "", headers: { Location: "https://elsewhere.test/" } },
    expected: [400],
    findings: [["violation", "redirected instead of rejected"]],
  },
  {
    check: "status",
    name: "an edge input refused by a gateway with a status no page lists (431, no body)",
    edge: true,
    input: { status: 431, raw: "" },
    findings: [],
  },
  {
    check: "status",
    name: "an edge input a read answers as usual",
    edge: true,
    expected: [200, 400, 404],
    input: { status: 200, body: { items: [] } },
    findings: [],
  },
  {
    check: "status",
    name: "an edge input accepted where a refusal is expected",
    edge: true,
    input: { status: 201, body: {} },
    findings: [["violation", "must be refused was not"]],
  },
  {
    check: "status",
    name: "an edge input answered with a 5xx",
    edge: true,
    input: { status: 502, raw: "" },
    findings: [["violation", "edge input was answered with a server error"]],
  },
  {
    check: "status",
    name: "a 400 for a request the documents do not make invalid (an unknown query parameter)",
    expected: [200],
    tolerated: [400],
    input: { status: 400, body: coreBody() },
    findings: [["deviation", "refused a request the documents do not make invalid"]],
  },
  { check: "status", name: "410 is documented for Referrals", api: "referrals", expected: [410], input: { status: 410, body: referralsBody() }, findings: [] },
  // body
  {
    check: "body",
    name: "a 401 without a body (the MFA page, the Referrals edge)",
    expected: [401],
    input: { status: 401, raw: "" },
    findings: [["deviation", "a 401 without a body"]],
  },
  { check: "body", name: "a 403 without a body", expected: [403], input: { status: 403, raw: "" }, findings: [["violation", "no body"]] },
  { check: "body", name: "a JSON body", input: { status: 400, body: coreBody() }, findings: [] },
  {
    check: "body",
    name: "a Content-Encoding that cannot be undone",
    input: {
      status: 400,
      raw: "\x1f\x8bnot gzip",
      headers: { "Content-Encoding": "gzip" },
      decodingProblem: "the gzip body does not decode: incorrect header check",
    },
    findings: [["violation", "cannot be decoded"]],
  },
  { check: "body", name: "an empty body", input: { status: 400, raw: "" }, findings: [["violation", "no body"]] },
  {
    check: "body",
    name: "an HTML page",
    input: { status: 502, raw: "<!DOCTYPE html><html><body>Bad gateway</body></html>", headers: { "Content-Type": "text/html" } },
    expected: [502],
    findings: [["violation", "not JSON"]],
  },
  { check: "body", name: "invalid UTF-8", input: { status: 400, raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, findings: [["violation", "not JSON"]] },
  {
    check: "body",
    name: "a BOM before JSON",
    input: { status: 400, raw: `\uFEFF${JSON.stringify(coreBody())}`, headers: { "Content-Type": "application/json" } },
    findings: [["deviation", "byte order mark"]],
  },
  { check: "body", name: "HEAD responses carry no body", input: { status: 404, raw: "", method: "HEAD" }, expected: [404], findings: [] },
  // content-type
  {
    check: "content-type",
    name: "text/json, which some routes declare",
    input: { status: 400, body: coreBody(), headers: { "Content-Type": "text/json" } },
    findings: [["deviation", "labelled text/json"]],
  },
  {
    check: "content-type",
    name: "a charset other than UTF-8",
    input: { status: 400, body: coreBody(), headers: { "Content-Type": "application/json; charset=iso-8859-1" } },
    findings: [["deviation", "declared iso-8859-1, but read as UTF-8"]],
  },
  {
    check: "content-type",
    name: "charset=utf8 is UTF-8",
    input: { status: 400, body: coreBody(), headers: { "Content-Type": "application/json; charset=utf8" } },
    findings: [],
  },
  { check: "content-type", name: "application/json; charset=utf-8", input: { status: 400, body: coreBody() }, findings: [] },
  {
    check: "content-type",
    name: "a +json media type",
    input: { status: 400, body: coreBody(), headers: { "Content-Type": "application/problem+json" } },
    findings: [],
  },
  {
    check: "content-type",
    name: "JSON labelled text/plain",
    input: { status: 400, body: coreBody(), headers: { "Content-Type": "text/plain" } },
    findings: [["violation", "not labelled as JSON"]],
  },
  {
    check: "content-type",
    name: "two Content-Type values",
    input: { status: 400, raw: JSON.stringify(coreBody()), headers: { "Content-Type": ["application/json", "text/html"] } },
    findings: [["violation", "sent 2 times"]],
  },
  {
    check: "content-type",
    name: "JSON without Content-Type",
    input: { status: 400, raw: JSON.stringify(coreBody()) },
    findings: [["violation", "not labelled as JSON"]],
  },
  // envelope
  {
    check: "envelope",
    name: "the extended form official pages show (600074)",
    expected: [404],
    input: {
      status: 404,
      body: { code: "600074", message: "m", description: "m", errorName: "AccountStatusNotFound", isRetryable: false, errorMessageExtended: "x" },
    },
    findings: [["deviation", "the extended form"]],
  },
  {
    check: "envelope",
    name: "the extended form with isRetryable that is no boolean",
    input: { status: 400, body: { code: "600061", message: "m", errorName: "E", isRetryable: "no" } },
    findings: [
      ["deviation", "the extended form"],
      ["violation", "/isRetryable must be boolean"],
    ],
  },
  { check: "envelope", name: "data that is null", input: { status: 400, body: coreBody({ data: null }) }, findings: [["deviation", "data is null"]] },
  {
    check: "envelope",
    name: "a Referrals target that is null",
    api: "referrals",
    input: { status: 400, body: referralsBody({ target: null }) },
    findings: [["deviation", "target is null"]],
  },
  {
    check: "envelope",
    name: "an empty core code",
    input: { status: 400, body: coreBody({ code: "" }) },
    findings: [["violation", "/code must NOT have fewer than 1 characters"]],
  },
  {
    check: "envelope",
    name: "an error envelope inside a 200 is judged too (400072, the table's 200 row)",
    expected: [200],
    input: { status: 200, body: { code: 400072, description: "This item isn't available" } },
    findings: [
      ["violation", "/source"],
      ["deviation", "numeric code"],
    ],
  },
  {
    check: "envelope",
    name: "a success body is no error envelope",
    expected: [200],
    input: { status: 200, body: { id: "x", companyName: "c" } },
    findings: [],
  },
  { check: "envelope", name: "the core envelope", input: { status: 400, body: coreBody({ data: [{ field: "size" }] }) }, findings: [] },
  { check: "envelope", name: "the Referrals envelope", api: "referrals", input: { status: 400, body: referralsBody({ target: "name" }) }, findings: [] },
  {
    check: "envelope",
    name: "core without source, with null code",
    input: { status: 400, body: { code: null, description: "x", data: [] } },
    findings: [
      ["violation", "/source"],
      ["violation", "/code must be string"],
    ],
  },
  { check: "envelope", name: "a numeric core code", input: { status: 400, body: coreBody({ code: 800002 }) }, findings: [["deviation", "numeric code"]] },
  {
    check: "envelope",
    name: "string items in data",
    input: { status: 400, body: coreBody({ data: ["LicenseQuotaExceededException"] }) },
    findings: [["deviation", "string item in data"]],
  },
  {
    check: "envelope",
    name: "data that is an object",
    input: { status: 400, body: coreBody({ data: { a: 1 } }) },
    findings: [["violation", "/data must be array"]],
  },
  {
    check: "envelope",
    name: "the Referrals envelope on the core API",
    input: { status: 400, body: referralsBody() },
    findings: [["violation", "not the core API's error envelope"]],
  },
  { check: "envelope", name: "other JSON", input: { status: 400, body: { message: "error" } }, findings: [["violation", "not the core API's error envelope"]] },
  {
    check: "envelope",
    name: "the throttling page's 429 body",
    expected: [429],
    input: { status: 429, body: { statusCode: 429, message: "Rate limit is exceeded. Try again in 57 seconds." }, headers: { "Retry-After": "57" } },
    findings: [["deviation", "throttling page"]],
  },
  {
    check: "envelope",
    name: "the throttling body on a 400",
    input: { status: 400, body: { statusCode: 400, message: "x" } },
    findings: [["violation", "not the core API's error envelope"]],
  },
  {
    check: "envelope",
    name: "Referrals target that is a number",
    api: "referrals",
    input: { status: 400, body: referralsBody({ target: 3 }) },
    findings: [["violation", "/error/target must be string"]],
  },
  // message
  { check: "message", name: "1024 CJK characters (3072 bytes)", input: { status: 400, body: coreBody({ description: "錯".repeat(1024) }) }, findings: [] },
  {
    check: "message",
    name: "1024 emoji: over in UTF-16 units only (2048), the .NET measure",
    input: { status: 400, body: coreBody({ description: "😀".repeat(1024) }) },
    findings: [["deviation", "over 1024 in UTF-16 units only"]],
  },
  {
    check: "message",
    name: "1025 emoji: over by every measure",
    input: { status: 400, body: coreBody({ description: "😀".repeat(1025) }) },
    findings: [["violation", "by every measure"]],
  },
  {
    check: "message",
    name: "700 é written NFD: 1400 code points, 700 graphemes",
    input: { status: 400, body: coreBody({ description: "e\u0301".repeat(700) }) },
    findings: [["deviation", "over 1024 in UTF-16 units and code points only"]],
  },
  { check: "message", name: "1024 é written NFC", input: { status: 400, body: coreBody({ description: "é".repeat(1024) }) }, findings: [] },
  {
    check: "message",
    name: "a zero-width space only",
    input: { status: 400, body: coreBody({ description: "\u200b" }) },
    findings: [["deviation", "only white space or invisible"]],
  },
  {
    check: "message",
    name: "1025 characters",
    input: { status: 400, body: coreBody({ description: "a".repeat(1025) }) },
    findings: [["violation", "longer than 1024"]],
  },
  { check: "message", name: "an empty description", input: { status: 400, body: coreBody({ description: "" }) }, findings: [["violation", "is empty"]] },
  {
    check: "message",
    name: "a white-space Referrals message",
    api: "referrals",
    input: { status: 400, body: referralsBody({ message: "   " }) },
    findings: [["deviation", "/error/message holds only white space"]],
  },
  {
    check: "envelope",
    name: "the throttling body on a 429 that does not validate",
    expected: [429],
    input: { status: 429, body: { statusCode: "429", message: "x" }, headers: { "Retry-After": "5" } },
    findings: [["violation", "not the core API's error envelope"]],
  },
  // inner-error
  {
    check: "inner-error",
    name: "innerError and InnerError on one level",
    api: "referrals",
    input: { status: 400, body: referralsBody({ InnerError: { code: "99903", message: "m" } }) },
    findings: [["violation", "carries its inner error twice, as innerError and InnerError"]],
  },
  {
    check: "inner-error",
    name: "the seed's InnerError spelling: found, and its broken level validated",
    api: "referrals",
    input: { status: 400, body: { error: { code: "invalidRequest", message: "m", InnerError: { nothing: true } } } },
    findings: [
      ["deviation", "innerError is spelled InnerError"],
      ["violation", "/error/InnerError/code"],
      ["violation", "/error/InnerError/message"],
    ],
  },
  {
    check: "inner-error",
    name: "an inner code that is a JSON number",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: { code: 99901, message: "m" } }) },
    findings: [["deviation", "an inner code sent as a JSON number"]],
  },
  {
    check: "inner-error",
    name: "an inner code that is not numeric",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: { code: "abc", message: "m" } }) },
    findings: [["violation", "/error/innerError/code must match pattern"]],
  },
  { check: "inner-error", name: "a three-level chain", api: "referrals", input: { status: 400, raw: nested(3), headers: json }, findings: [] },
  {
    check: "inner-error",
    name: "no innerError at all",
    api: "referrals",
    input: { status: 400, body: { error: { code: "invalidRequest", message: "bad" } } },
    findings: [],
  },
  {
    check: "inner-error",
    name: "a level without code",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: { message: "m", details: [] } }) },
    findings: [["violation", "/error/innerError/code"]],
  },
  {
    check: "inner-error",
    name: "a second level without message, details a string",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: { code: "99901", message: "m", innerError: { code: "99903", details: "x" } } }) },
    findings: [
      ["violation", "/error/innerError/innerError/message"],
      ["violation", "/error/innerError/innerError/details"],
    ],
  },
  {
    check: "inner-error",
    name: "innerError that is a string",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: "oops" }) },
    findings: [["violation", "is not an object"]],
  },
  {
    check: "inner-error",
    name: "the innererror spelling",
    api: "referrals",
    input: { status: 400, body: { error: { code: "invalidRequest", message: "m", innererror: { code: "99901", message: "m" } } } },
    findings: [["deviation", "spelled innererror"]],
  },
  {
    check: "inner-error",
    name: "a 100 000-deep chain",
    api: "referrals",
    input: { status: 400, raw: nested(100_000), headers: json },
    findings: [["violation", "deeper than 64"]],
  },
  // code-status
  { check: "code-status", name: "Referrals codes that agree", api: "referrals", input: { status: 400, body: referralsBody() }, findings: [] },
  {
    check: "code-status",
    name: "an unknown Referrals code",
    api: "referrals",
    expected: [404],
    input: { status: 404, body: referralsBody({ code: "somethingNew", innerError: { code: "12345", message: "m" } }) },
    findings: [
      ["deviation", "code somethingNew is not in the table for 404"],
      ["deviation", "inner code 12345 is not in the table for 404"],
    ],
  },
  {
    check: "code-status",
    name: "an unknown code for a status the tables give no code (405)",
    api: "referrals",
    expected: [405],
    input: { status: 405, body: referralsBody({ code: "notAllowed", innerError: undefined }) },
    findings: [],
  },
  {
    check: "code-status",
    name: "resourceModified on a 412: the documents give it both",
    api: "referrals",
    expected: [412],
    input: { status: 412, body: referralsBody({ code: "resourceModified", innerError: undefined }) },
    findings: [["deviation", "documented with 409, and with 412"]],
  },
  {
    check: "code-status",
    name: "a non-numeric inner code is the level schema's, not an unknown code",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: { code: "InvalidInput", message: "m" } }) },
    findings: [],
  },
  {
    check: "code-status",
    name: "a top-level code of another status",
    api: "referrals",
    expected: [404],
    input: { status: 404, body: referralsBody({ innerError: undefined }) },
    findings: [["violation", "code invalidRequest is documented with 400, not 404"]],
  },
  {
    check: "code-status",
    name: "a nested inner code of another status",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: { code: "99901", message: "m", innerError: { code: "99910", message: "m" } } }) },
    findings: [["violation", "inner code 99910"]],
  },
  { check: "code-status", name: "a core code that agrees", input: { status: 400, body: coreBody({ code: "2055" }) }, findings: [] },
  {
    check: "code-status",
    name: "a core code carrying two statuses (2006 is 400 and 403)",
    expected: [403],
    input: { status: 403, body: coreBody({ code: "2006" }) },
    findings: [],
  },
  { check: "code-status", name: "an unknown core code", input: { status: 400, body: coreBody({ code: "2000" }) }, findings: [] },
  {
    check: "code-status",
    name: "3000 on a 404 (the page's own example)",
    expected: [404],
    input: { status: 404, body: coreBody({ code: 3000 }) },
    findings: [["deviation", "code 3000 is documented with 400"]],
  },
  // error-target
  {
    check: "error-target",
    name: "Referrals details naming the field (dotted)",
    api: "referrals",
    pointers: ["/customerProfile/team/0/emailAddress"],
    input: {
      status: 400,
      body: referralsBody({ innerError: { code: "99901", message: "m", details: [{ "customerProfile.team[0].emailAddress": ["bad"] }] } }),
    },
    findings: [],
  },
  {
    check: "error-target",
    name: "Referrals target naming the field",
    api: "referrals",
    pointers: ["/name"],
    input: { status: 400, body: referralsBody({ target: "name" }) },
    findings: [],
  },
  {
    check: "error-target",
    name: "core data naming the field (pointer)",
    pointers: ["/billingProfile/email"],
    input: { status: 400, body: coreBody({ code: "3000", data: [{ field: "/billingProfile/email" }] }) },
    findings: [],
  },
  { check: "error-target", name: "no pointer expected", input: { status: 400, body: coreBody() }, findings: [] },
  {
    check: "error-target",
    name: "Referrals details naming another field",
    api: "referrals",
    pointers: ["/name"],
    input: { status: 400, body: referralsBody({ innerError: { code: "99901", message: "m", details: [{ type: ["bad"] }] } }) },
    findings: [["deviation", "cannot tell which field"]],
  },
  {
    check: "error-target",
    name: "Referrals details keyed by an error name (the page's example)",
    api: "referrals",
    pointers: ["/details/dealValue"],
    input: { status: 400, body: referralsBody({ innerError: { code: "99901", message: "m", details: [{ InvalidReferralForCoSellConversion: ["..."] }] } }) },
    findings: [["deviation", "cannot tell which field"]],
  },
  {
    check: "error-target",
    name: "a Referrals target naming another field",
    api: "referrals",
    pointers: ["/name"],
    input: { status: 400, body: referralsBody({ target: "type" }) },
    findings: [["violation", "names another field"]],
  },
  {
    check: "error-target",
    name: "core data strings naming the field (real traffic's form)",
    pointers: ["/subscription_id"],
    input: { status: 400, body: coreBody({ data: ["subscription_id"] }) },
    findings: [],
  },
  {
    check: "error-target",
    name: "core data naming nothing",
    pointers: ["/billingProfile/email"],
    input: { status: 400, body: coreBody({ code: "3000", data: [] }) },
    findings: [["deviation", "does not say which field"]],
  },
  // www-authenticate
  {
    check: "www-authenticate",
    name: "core 401 with the documented challenge",
    expected: [401],
    input: { status: 401, body: coreBody({ code: "800001" }), headers: { "WWW-Authenticate": "OAuth realm=urn:cpsvc:cpid:123" } },
    findings: [],
  },
  {
    check: "www-authenticate",
    name: "Referrals 401 with a Bearer challenge",
    api: "referrals",
    expected: [401],
    input: { status: 401, body: referralsBody(), headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } },
    findings: [],
  },
  {
    check: "www-authenticate",
    name: "a 401 without the header",
    expected: [401],
    input: { status: 401, body: coreBody() },
    findings: [["deviation", "without WWW-Authenticate"]],
  },
  {
    check: "www-authenticate",
    name: "core 401 with a Bearer challenge",
    expected: [401],
    input: { status: 401, body: coreBody(), headers: { "WWW-Authenticate": "Bearer" } },
    findings: [["deviation", "documented form"]],
  },
  // allow
  {
    check: "allow",
    name: "405 whose Allow lists no method",
    expected: [405],
    input: { status: 405, body: coreBody(), method: "DELETE", headers: { Allow: "" } },
    findings: [["violation", "lists no method"]],
  },
  {
    check: "allow",
    name: "405 with Allow",
    expected: [405],
    input: { status: 405, body: coreBody(), method: "DELETE", headers: { Allow: "GET, HEAD" } },
    findings: [],
  },
  {
    check: "allow",
    name: "405 without Allow",
    expected: [405],
    input: { status: 405, body: coreBody(), method: "DELETE" },
    findings: [["violation", "without Allow"]],
  },
  {
    check: "allow",
    name: "405 whose Allow lists the refused method",
    expected: [405],
    input: { status: 405, body: coreBody(), method: "DELETE", headers: { Allow: "GET, DELETE" } },
    findings: [["violation", "lists the method"]],
  },
  {
    check: "allow",
    name: "405 whose Allow is not a method list",
    expected: [405],
    input: { status: 405, body: coreBody(), method: "DELETE", headers: { Allow: "GET; POST" } },
    findings: [["violation", "not a list of methods"]],
  },
  // retry-after
  {
    check: "retry-after",
    name: "an rfc850 date",
    expected: [503],
    input: { status: 503, body: coreBody(), headers: { "Retry-After": "Sunday, 22-Nov-26 10:00:00 GMT" } },
    findings: [["deviation", "obsolete rfc850-date form"]],
  },
  {
    check: "retry-after",
    name: "an asctime date",
    expected: [503],
    input: { status: 503, body: coreBody(), headers: { "Retry-After": "Sun Nov 22 10:00:00 2026" } },
    findings: [["deviation", "obsolete asctime-date form"]],
  },
  {
    check: "retry-after",
    name: "31 February",
    expected: [503],
    input: { status: 503, body: coreBody(), headers: { "Retry-After": "Sat, 31 Feb 2026 10:00:00 GMT" } },
    findings: [["violation", "a date that does not exist"]],
  },
  {
    check: "retry-after",
    name: "a wrong weekday",
    expected: [503],
    input: { status: 503, body: coreBody(), headers: { "Retry-After": "Mon, 22 Nov 2026 10:00:00 GMT" } },
    findings: [["violation", "a date that does not exist"]],
  },
  {
    check: "retry-after",
    name: "a Referrals 429 without Retry-After",
    api: "referrals",
    expected: [429],
    input: { status: 429, body: referralsBody() },
    findings: [["deviation", "without Retry-After"]],
  },
  {
    check: "retry-after",
    name: "429 with delay-seconds",
    expected: [429],
    input: { status: 429, body: coreBody(), headers: { "Retry-After": "57" } },
    findings: [],
  },
  {
    check: "retry-after",
    name: "503 with an HTTP-date",
    expected: [503],
    input: { status: 503, body: coreBody(), headers: { "Retry-After": "Sun, 22 Nov 2026 10:00:00 GMT" } },
    findings: [],
  },
  { check: "retry-after", name: "503 without Retry-After", expected: [503], input: { status: 503, body: coreBody() }, findings: [] },
  {
    check: "retry-after",
    name: "429 without Retry-After",
    expected: [429],
    input: { status: 429, body: coreBody() },
    findings: [["violation", "without Retry-After"]],
  },
  {
    check: "retry-after",
    name: "a negative delay",
    expected: [503],
    input: { status: 503, body: coreBody(), headers: { "Retry-After": "-5" } },
    findings: [["violation", "malformed"]],
  },
  {
    check: "retry-after",
    name: "a date that is not an HTTP-date",
    expected: [429],
    input: { status: 429, body: coreBody(), headers: { "Retry-After": "2026-11-22T10:00:00Z" } },
    findings: [["violation", "malformed"]],
  },
  // request-ids
  {
    check: "request-ids",
    name: "a Referrals answer with Request-ID",
    api: "referrals",
    input: { status: 400, body: referralsBody(), headers: { "Request-ID": "r" } },
    findings: [],
  },
  {
    check: "request-ids",
    name: "a Referrals answer without Request-ID",
    api: "referrals",
    input: { status: 400, body: referralsBody() },
    findings: [["deviation", "no Request-ID header"]],
  },
  { check: "request-ids", name: "both ids echoed", input: { status: 400, body: coreBody(), requestHeaders: ids, headers: ids }, findings: [] },
  {
    check: "request-ids",
    name: "ids not echoed",
    input: { status: 400, body: coreBody(), requestHeaders: ids },
    findings: [
      ["deviation", "MS-CorrelationId is not echoed"],
      ["deviation", "MS-RequestId is not echoed"],
    ],
  },
  {
    check: "request-ids",
    name: "a different correlation id back",
    input: { status: 400, body: coreBody(), requestHeaders: ids, headers: { ...ids, "MS-CorrelationId": "00000000-0000-0000-0000-000000000000" } },
    findings: [["violation", "comes back different"]],
  },
  // fault-code
  {
    check: "fault-code",
    name: "a missing property answered with 99903",
    api: "referrals",
    faultCodes: ["99903"],
    input: { status: 400, body: referralsBody({ innerError: { code: "99903", message: "MissingInput", details: null } }) },
    findings: [],
  },
  {
    check: "fault-code",
    name: "a missing property answered with 99901",
    api: "referrals",
    faultCodes: ["99903"],
    input: { status: 400, body: referralsBody({ innerError: { code: "99901", message: "InvalidInput", details: null } }) },
    findings: [["violation", 'the inner code "99901" is not the one the page gives for this fault']],
  },
  {
    check: "fault-code",
    name: "a key given twice may be read as invalid or as null",
    api: "referrals",
    faultCodes: ["99901", "99909"],
    input: { status: 400, body: referralsBody({ innerError: { code: "99909", message: "PropertyNotNullable", details: null } }) },
    findings: [],
  },
  // hygiene
  { check: "hygiene", name: "a plain message", input: { status: 400, body: coreBody({ description: "The customer id is not valid." }) }, findings: [] },
  {
    check: "hygiene",
    name: "a message about the SQL the caller sent is not a leak",
    input: { status: 400, body: coreBody({ description: "Select a country from the list." }) },
    findings: [],
  },
  {
    check: "hygiene",
    name: "a .NET stack trace",
    input: {
      status: 500,
      body: coreBody({ description: "Boom\n   at Microsoft.Store.Api.Get(String id) in D:\\src\\Api.cs:line 7" }),
    },
    expected: [500],
    findings: [["deviation", "/description carries a stack frame"]],
  },
  {
    check: "hygiene",
    name: "an exception type in an inner message",
    api: "referrals",
    input: { status: 400, body: referralsBody({ innerError: { code: "99901", message: "System.InvalidOperationException: sequence empty" } }) },
    findings: [["deviation", "/error/innerError/message carries a .NET exception type"]],
  },
  {
    check: "hygiene",
    name: "SQL and an internal host",
    input: { status: 400, body: coreBody({ description: "failed: SELECT * FROM dbo.Customers", data: ["db01.redmond.corp.microsoft.com"] }) },
    findings: [["deviation", "/data/0 carries an internal host name"]],
  },
  {
    check: "hygiene",
    name: "SQL in a message",
    input: { status: 400, body: coreBody({ description: "failed: SELECT * FROM dbo.Customers WHERE Id = 1" }) },
    findings: [["deviation", "/description carries an SQL fragment"]],
  },
  // state
  {
    check: "state",
    name: "a rejected create leaves the list as it was",
    input: { status: 400, body: coreBody() },
    unchanged: { resource: LIST, before: listOf("a", "b"), after: listOf("b", "a") },
    findings: [],
  },
  {
    check: "state",
    name: "a rejected create added to the list",
    input: { status: 400, body: coreBody() },
    unchanged: { resource: LIST, before: listOf("a"), after: listOf("a", "c-new") },
    findings: [["violation", `the rejected write changed ${LIST}`]],
  },
  {
    check: "state",
    name: "a rejected update changed the resource's ETag",
    api: "referrals",
    input: { status: 400, body: referralsBody() },
    unchanged: {
      resource: "https://pc.test/v1.0/engagements/referrals/r",
      before: snapshotOf(exchange({ status: 200, body: { id: "r" }, headers: { ETag: '"1"' } }), "resource"),
      after: snapshotOf(exchange({ status: 200, body: { id: "r" }, headers: { ETag: '"2"' } }), "resource"),
    },
    findings: [["violation", "the rejected write changed https://pc.test/v1.0/engagements/referrals/r"]],
  },
  {
    check: "state",
    name: "a read that failed afterwards gives no verdict",
    input: { status: 400, body: coreBody() },
    unchanged: { resource: LIST, before: listOf("a"), after: snapshotOf(exchange({ status: 503, body: coreBody() }), "list") },
    findings: [],
  },
];

/** One check alone, as the runner runs it (it applies only where it says it does). */
const runOne = (c: Case, check: (typeof checks)[number]) =>
  runChecks(
    exchange(c.input),
    c.api ?? "core",
    {
      statuses: c.expected ?? [400],
      ...(c.pointers ? { pointers: c.pointers } : {}),
      ...(c.tolerated ? { tolerated: c.tolerated } : {}),
      ...(c.unchanged ? { unchanged: c.unchanged } : {}),
      ...(c.faultCodes ? { faultCodes: c.faultCodes } : {}),
      ...(c.edge ? { edge: true } : {}),
    },
    { checks: [check] },
  ).findings;

/** Rules the cases here cannot reach, each with where it is proven instead. */
const PROVEN_ELSEWHERE: Record<string, string> = {
  "envelope/api-unknown": "raised by the offline checker for an entry no API owns (test/offline-check.test.ts)",
  "envelope/non-ascii-description": "the token endpoint's descriptions (test/offline-check.test.ts)",
};
const rulesSeen = new Set<string>();

describe.each(checks.map((c) => [c.name, c] as const))("check %s", (name, check) => {
  const mine = cases.filter((c) => c.check === name);

  test("has a case it must pass and a case it must fail", () => {
    expect(mine.some((c) => c.findings.length === 0)).toBe(true);
    expect(mine.some((c) => c.findings.length > 0)).toBe(true);
  });

  test.each(mine.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const findings = runOne(c, check);
    expect(findings.map((f) => [f.severity, f.title])).toEqual(c.findings.map(([severity, title]) => [severity, expect.stringContaining(title)]));
    for (const f of findings) {
      rulesSeen.add(f.rule);
      expect(f.check).toBe(name);
      expect(f.rule.startsWith(`${name}/`) && ruleCatalogue().has(f.rule), f.rule).toBe(true);
      expect(f.expected.length).toBeGreaterThan(0);
      expect(f.received.length).toBeGreaterThan(0);
      expect(f.path.length).toBeGreaterThan(0);
    }
  });
});

describe("rules", () => {
  test("every rule of every check has a case here that breaks it, or says where it is proven", () => {
    const unseen = [...ruleCatalogue().keys()].filter((rule) => !rulesSeen.has(rule) && !(rule in PROVEN_ELSEWHERE));
    expect(unseen).toEqual([]);
  });
});

describe("snapshots of a documented read", () => {
  test("a resource by its ETag, else by its body with keys in any order; a list by its item ids; a failed read shows nothing", () => {
    const resource = (body: unknown, headers = {}) => snapshotOf(exchange({ status: 200, body, headers }), "resource");
    expect(resource({ a: 1 }, { ETag: '"x"' }).fingerprint).toBe('etag "x"');
    expect(resource({ a: 1, b: [2] }).fingerprint).toBe(resource({ b: [2], a: 1 }).fingerprint);
    expect(resource({ a: 1 }).fingerprint).not.toBe(resource({ a: 2 }).fingerprint);
    expect(listOf("b", "a")).toMatchObject({ ids: ["a", "b"], shown: "2 items" });
    const referrals = snapshotOf(exchange({ status: 200, body: { value: [{ id: "r1" }] } }), "list");
    expect(referrals.ids).toEqual(["r1"]);
    expect(snapshotOf(exchange({ status: 404, body: coreBody() }), "resource")).toEqual({ shown: "a 404" });
  });
});

describe("runChecks", () => {
  test("an edge input's empty answer is recorded, not judged further; a body it carries is judged as ever", () => {
    const empty = runChecks(exchange({ status: 431, raw: "" }), "core", { statuses: [400], edge: true });
    expect(empty.findings).toEqual([]);
    expect(runChecks(exchange({ status: 431, raw: "" }), "core", { statuses: [400] }).findings.length).toBeGreaterThan(0);
    const html = runChecks(exchange({ status: 414, raw: "<html>URI too long</html>", headers: { "Content-Type": "text/html" } }), "core", {
      statuses: [400],
      edge: true,
    });
    expect(html.findings.map((f) => f.check)).toContain("body");
  });

  test("a wrong status stops every other check (one wrong status, one finding)", () => {
    const { findings } = runChecks(exchange({ status: 200, raw: "<html>", headers: { "Content-Type": "text/html" } }), "core", { statuses: [401] });
    expect(findings.map((f) => f.check)).toEqual(["status"]);
  });

  test("every failing check of a right status is collected", () => {
    const { findings } = runChecks(
      exchange({ status: 401, body: coreBody({ code: "800001", description: "" }), headers: { "Content-Type": "text/plain" } }),
      "core",
      { statuses: [401] },
    );
    expect(findings.map((f) => f.check).sort()).toEqual(["content-type", "message", "www-authenticate"]);
  });

  test("a hostile body is judged, not thrown on: 200 000 nested arrays are one wrong-envelope finding", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    const { findings } = runChecks(exchange({ status: 400, raw: deep, headers: { "Content-Type": "application/json" } }), "core", { statuses: [400] });
    expect(findings.map((f) => f.rule)).toEqual(["envelope/wrong-envelope"]);
  });

  test("the gate runs first wherever it stands in the list", () => {
    const reversed = [...checks].reverse();
    const { findings } = runChecks(
      exchange({ status: 200, raw: "<html>", headers: { "Content-Type": "text/html" } }),
      "core",
      { statuses: [401] },
      { checks: reversed },
    );
    expect(findings.map((f) => f.rule)).toEqual(["status/not-rejected"]);
  });
});
