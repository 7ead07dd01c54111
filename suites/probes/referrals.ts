import type { Probe } from "../../src/probes/probe.js";

/**
 * Probes of the Referrals API (api.partner.microsoft.com/v1.0/engagements/referrals), App + User tokens.
 * "§4 #N" is the numbered safe probe in ../shared/contract/partner-center-error-contract.md §4; "table" the
 * Referrals code tables (../shared/contract/referrals-codes.md).
 */
const R = "/v1.0/engagements/referrals";
const referral = {
  name: "pc-contract probe (must be rejected)",
  type: "Independent",
  customerProfile: {
    name: "Fabrikam Mock Inc",
    address: { addressLine1: "1 Microsoft Way", city: "Redmond", country: "US" },
    team: [{ firstName: "Pat", lastName: "Probe", emailAddress: "pat.probe@fabrikam.example" }],
  },
  consent: { consentToShareReferralWithMicrosoftSellers: false },
  details: { dealValue: 1000, currency: "USD" },
};
const without = (key: keyof typeof referral) => Object.fromEntries(Object.entries(referral).filter(([k]) => k !== key));
const fault = (status: number, source: string): Probe => ({
  id: `referrals.list/fault-${status}`,
  api: "referrals",
  area: "server",
  method: "GET",
  path: `${R}?$top=1`,
  headers: { "X-Mock-Fault": String(status) },
  expect: { status: [status] },
  scope: "mock",
  source,
});

export const referralsProbes: Probe[] = [
  // 401 / 403
  { id: "referrals.list/no-auth", api: "referrals", area: "auth", method: "GET", path: R, auth: "none", expect: { status: [401] }, scope: "any", source: "§4 #19; table unauthenticated/99902" },
  { id: "referrals.get/no-auth", api: "referrals", area: "auth", method: "GET", path: `${R}/{newGuid}`, auth: "none", expect: { status: [401] }, scope: "any", source: "§4 #19" },
  { id: "referrals.list/forged-token", api: "referrals", area: "auth", method: "GET", path: R, auth: "forged", expect: { status: [401] }, scope: "any", source: "REF 401" },
  { id: "referrals.list/basic-credential", api: "referrals", area: "auth", method: "GET", path: R, auth: "not-bearer", expect: { status: [401] }, scope: "any", source: "REF 401" },
  { id: "referrals.list/core-audience", api: "referrals", area: "auth", method: "GET", path: R, auth: "other-audience", expect: { status: [401] }, scope: "any", source: "§4 #19, §3.4" },
  { id: "referrals.list/app-only", api: "referrals", area: "auth", method: "GET", path: R, auth: "app", expect: { status: [401, 403] }, scope: "any", source: "referrals pages: App+User credentials only" },
  { id: "referrals.create/co-sell-not-allow-listed", api: "referrals", area: "auth", method: "POST", path: R, body: { json: { ...referral, type: "Shared" } }, expect: { status: [403] }, scope: "mock", source: "§4 #23; table accessDenied, 403/99914" },
  // 400
  { id: "referrals.create/empty-object", api: "referrals", area: "input", method: "POST", path: R, body: { json: {} }, expect: { status: [400] }, scope: "any", source: "§4 #13; table invalidRequest, 400/99903" },
  { id: "referrals.create/not-json", api: "referrals", area: "input", method: "POST", path: R, body: { text: "not json", contentType: "application/json" }, expect: { status: [400] }, scope: "any", source: "§4 #13" },
  { id: "referrals.create/array-body", api: "referrals", area: "input", method: "POST", path: R, body: { json: [] }, expect: { status: [400] }, scope: "any", source: "§4 #13" },
  { id: "referrals.create/missing-customer-profile", api: "referrals", area: "input", method: "POST", path: R, body: { json: without("customerProfile") }, expect: { status: [400] }, scope: "any", source: "§4 #13; table 400/99903" },
  { id: "referrals.create/missing-consent", api: "referrals", area: "input", method: "POST", path: R, body: { json: without("consent") }, expect: { status: [400] }, scope: "any", source: "§4 #13; table 400/99903" },
  { id: "referrals.create/null-name", api: "referrals", area: "input", method: "POST", path: R, body: { json: { ...referral, name: null } }, expect: { status: [400] }, scope: "any", source: "table 400/99909" },
  { id: "referrals.create/unknown-type", api: "referrals", area: "input", method: "POST", path: R, body: { json: { ...referral, type: "Bogus" } }, expect: { status: [400] }, scope: "any", source: "table 400/99901" },
  { id: "referrals.patch/object-not-array", api: "referrals", area: "input", method: "PATCH", path: `${R}/{referralId}`, body: { json: { op: "replace" } }, expect: { status: [400] }, scope: "any", source: "§4 #14" },
  { id: "referrals.patch/remove-op", api: "referrals", area: "input", method: "PATCH", path: `${R}/{referralId}`, body: { json: [{ op: "remove", path: "/name" }] }, expect: { status: [400] }, scope: "any", source: "§4 #14" },
  { id: "referrals.patch/read-only-id", api: "referrals", area: "input", method: "PATCH", path: `${R}/{referralId}`, body: { json: [{ op: "replace", path: "/id", value: "00000000-0000-0000-0000-000000000000" }] }, expect: { status: [400] }, scope: "any", source: "table 400/99908" },
  { id: "referrals.patch/null-name", api: "referrals", area: "input", method: "PATCH", path: `${R}/{referralId}`, body: { json: [{ op: "replace", path: "/name", value: null }] }, expect: { status: [400] }, scope: "any", source: "table 400/99909" },
  { id: "referrals.list/incomplete-filter", api: "referrals", area: "input", method: "GET", path: `${R}?$filter=${encodeURIComponent("status eq")}`, expect: { status: [400] }, scope: "any", source: "§4 #15" },
  { id: "referrals.list/top-not-integer", api: "referrals", area: "input", method: "GET", path: `${R}?$top=abc`, expect: { status: [400] }, scope: "any", source: "§4 #15" },
  { id: "referrals.patch/reopen-closed", api: "referrals", area: "input", method: "PATCH", path: `${R}/{closedReferralId}`, body: { json: [{ op: "replace", path: "/status", value: "New" }] }, expect: { status: [422] }, scope: "mock", source: "REF 422 'semantically incorrect'" },
  // 404 / 410
  { id: "referrals.get/unknown-id", api: "referrals", area: "resources", method: "GET", path: `${R}/{newGuid}`, expect: { status: [404] }, scope: "any", source: "§4 #35; table itemNotFound, 404/99904" },
  { id: "referrals.patch/unknown-id", api: "referrals", area: "resources", method: "PATCH", path: `${R}/{newGuid}`, body: { json: [{ op: "replace", path: "/name", value: "x" }] }, expect: { status: [404] }, scope: "any", source: "§4 #35" },
  { id: "referrals.get/deleted", api: "referrals", area: "resources", method: "GET", path: `${R}/{deletedReferralId}`, expect: { status: [410] }, scope: "mock", source: "REF 410" },
  // 405 / 501
  { id: "referrals.delete/method-not-allowed", api: "referrals", area: "methods", method: "DELETE", path: `${R}/{newGuid}`, expect: { status: [405] }, scope: "any", source: "§4 #38" },
  { id: "referrals.put/method-not-allowed", api: "referrals", area: "methods", method: "PUT", path: `${R}/{newGuid}`, body: { json: {} }, expect: { status: [405] }, scope: "any", source: "§4 #38" },
  { id: "referrals.collection-delete/method-not-allowed", api: "referrals", area: "methods", method: "DELETE", path: R, expect: { status: [405] }, scope: "any", source: "§4 #38" },
  { id: "referrals.propfind/not-implemented", api: "referrals", area: "methods", method: "PROPFIND", path: R, expect: { status: [501] }, scope: "any", source: "REF 501" },
  // 406 / 411 / 413 / 415 / 416
  { id: "referrals.list/accept-png", api: "referrals", area: "negotiation", method: "GET", path: R, headers: { Accept: "image/png" }, expect: { status: [406] }, scope: "any", source: "§4 #39" },
  { id: "referrals.create/chunked-no-length", api: "referrals", area: "negotiation", method: "POST", path: R, body: { json: {} }, chunked: true, expect: { status: [411] }, scope: "any", source: "§4 #40" },
  { id: "referrals.create/body-over-10mb", api: "referrals", area: "negotiation", method: "POST", path: R, body: { filler: 10 * 1024 * 1024 + 1, contentType: "application/json" }, expect: { status: [413] }, scope: "any", source: "§4 #42" },
  { id: "referrals.create/text-plain", api: "referrals", area: "negotiation", method: "POST", path: R, body: { text: "name=x", contentType: "text/plain" }, expect: { status: [415] }, scope: "any", source: "§4 #43" },
  { id: "referrals.create/xml", api: "referrals", area: "negotiation", method: "POST", path: R, body: { text: "<referral/>", contentType: "application/xml" }, expect: { status: [415] }, scope: "any", source: "§4 #43" },
  { id: "referrals.get/range-past-end", api: "referrals", area: "negotiation", method: "GET", path: `${R}/{referralId}`, headers: { Range: "bytes=99999999-" }, expect: { status: [416] }, scope: "mock", source: "REF 416 (a server may also ignore Range: mock only)" },
  // 409 / 412 / 423
  { id: "referrals.patch/stale-etag", api: "referrals", area: "concurrency", method: "PATCH", path: `${R}/{referralId}`, headers: { "If-Match": '"00000000-0000-0000-0000-000000000000"' }, body: { json: [{ op: "replace", path: "/name", value: "pc-contract" }] }, expect: { status: [412] }, scope: "any", source: "§4 #41; table preconditionFailed, 412/99910" },
  { id: "referrals.patch/concurrent-modification", api: "referrals", area: "concurrency", method: "PATCH", path: `${R}/{busyReferralId}`, body: { json: [{ op: "replace", path: "/name", value: "pc-contract" }] }, expect: { status: [409] }, scope: "mock", source: "table resourceModified, 409/99917" },
  { id: "referrals.patch/locked", api: "referrals", area: "concurrency", method: "PATCH", path: `${R}/{lockedReferralId}`, body: { json: [{ op: "replace", path: "/name", value: "pc-contract" }] }, expect: { status: [423] }, scope: "mock", source: "REF 423" },
  // 429
  { id: "referrals.get/burst", api: "referrals", area: "throttling", method: "GET", path: `${R}/{throttledReferralId}`, expect: { status: [429] }, repeat: { max: 1200 }, scope: "mock", source: "REF 429; table 429/99906" },
  // server faults, injected by the mock
  fault(500, "REF 500; table generalException, 500/99999"),
  fault(503, "REF 503; table serviceNotAvailable (Retry-After may be present)"),
  fault(504, "REF 504"),
  fault(507, "REF 507"),
  fault(509, "REF 509"),
];
