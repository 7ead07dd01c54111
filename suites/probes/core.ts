import type { Probe } from "../../src/probes/probe.js";

/**
 * Probes of the core API (api.partnercenter.microsoft.com/v1). Sources: "§4 #N" is the numbered safe probe in
 * ../shared/contract/partner-center-error-contract.md §4; "table" is the core numeric code table.
 * scope "mock": needs state or faults only a mock has, or would write on a real tenant if the service misbehaved.
 */
const substringFilter = encodeURIComponent(JSON.stringify({ Field: "CompanyName", Value: "x", Operator: "substring" }));
const fault = (status: number, source: string): Probe => ({
  id: `customers.list/fault-${status}`,
  api: "core",
  area: "server",
  method: "GET",
  path: "/v1/customers?size=1",
  headers: { "X-Mock-Fault": String(status) },
  expect: { status: [status] },
  scope: "mock",
  source,
});

export const coreProbes: Probe[] = [
  // 401: no, malformed or foreign credentials
  { id: "customers.list/no-auth", api: "core", area: "auth", method: "GET", path: "/v1/customers?size=1", auth: "none", expect: { status: [401] }, scope: "any", source: "§4 #16; table 401/800001" },
  { id: "legalbusiness.get/no-auth", api: "core", area: "auth", method: "GET", path: "/v1/profiles/legalbusiness", auth: "none", expect: { status: [401] }, scope: "any", source: "§4 #16" },
  { id: "customers.list/forged-token", api: "core", area: "auth", method: "GET", path: "/v1/customers?size=1", auth: "forged", expect: { status: [401] }, scope: "any", source: "§4 #17; table 401/400" },
  { id: "customers.list/basic-credential", api: "core", area: "auth", method: "GET", path: "/v1/customers?size=1", auth: "not-bearer", expect: { status: [401] }, scope: "any", source: "§4 #17" },
  { id: "customers.list/referrals-audience", api: "core", area: "auth", method: "GET", path: "/v1/customers?size=1", auth: "other-audience", expect: { status: [401] }, scope: "any", source: "§4 #18, §3.4 (900420)" },
  // 403: relationships, app-only tokens on App + User routes, segments
  { id: "customers.get/no-relationship", api: "core", area: "auth", method: "GET", path: "/v1/customers/{newGuid}", expect: { status: [403, 404] }, scope: "any", source: "§4 #21; table 403/20002 (some builds 404)" },
  { id: "subscriptions.list/no-relationship", api: "core", area: "auth", method: "GET", path: "/v1/customers/{newGuid}/subscriptions", expect: { status: [403, 404] }, scope: "any", source: "§4 #21; table 403/20002" },
  { id: "organization.get/app-only", api: "core", area: "auth", method: "GET", path: "/v1/profiles/organization", auth: "app", expect: { status: [403] }, scope: "any", source: "§4 #20; table 403/900329" },
  { id: "mpn.get/app-only", api: "core", area: "auth", method: "GET", path: "/v1/profiles/mpn?mpnId=1234567", auth: "app", expect: { status: [403] }, scope: "any", source: "§4 #20; table 403/900329" },
  { id: "agreementstatus.get/app-only", api: "core", area: "auth", method: "GET", path: "/v1/compliance/csp/agreementstatus?mpnId=1234567", auth: "app", expect: { status: [403] }, scope: "any", source: "§4 #20; verify-indirect-reseller-mpa-status.md (App+User only)" },
  { id: "products.list/segment-not-allowed", api: "core", area: "auth", method: "GET", path: "/v1/products?country=US&targetView=Azure&targetSegment=government", expect: { status: [403] }, scope: "any", source: "§4 #22; get-a-list-of-products.md 403/400030" },
  // 400: malformed input, each rejected before any state changes
  { id: "agreementstatus.get/tenant-id-not-guid", api: "core", area: "input", method: "GET", path: "/v1/compliance/csp/agreementstatus?tenantId=not-a-guid", auth: "user", expect: { status: [400] }, scope: "any", source: "§4 #1" },
  { id: "agreementstatus.get/mpn-id-not-numeric", api: "core", area: "input", method: "GET", path: "/v1/compliance/csp/agreementstatus?mpnId=abc", auth: "user", expect: { status: [400] }, scope: "any", source: "§4 #2" },
  { id: "agreementstatus.get/no-query", api: "core", area: "input", method: "GET", path: "/v1/compliance/csp/agreementstatus", auth: "user", expect: { status: [400] }, scope: "any", source: "§4 #3" },
  { id: "agreementstatus.get/both-ids", api: "core", area: "input", method: "GET", path: "/v1/compliance/csp/agreementstatus?mpnId=1234567&tenantId={newGuid}", auth: "user", expect: { status: [400] }, scope: "any", source: "§4 #4" },
  { id: "agreementstatus.get/unknown-tenant", api: "core", area: "input", method: "GET", path: "/v1/compliance/csp/agreementstatus?tenantId={newGuid}", auth: "user", expect: { status: [400] }, scope: "any", source: "§4 #5" },
  { id: "customers.list/substring-filter", api: "core", area: "input", method: "GET", path: `/v1/customers?size=5&filter=${substringFilter}`, expect: { status: [400] }, scope: "any", source: "§4 #6" },
  { id: "customers.list/malformed-filter", api: "core", area: "input", method: "GET", path: `/v1/customers?size=5&filter=${encodeURIComponent("{")}`, expect: { status: [400] }, scope: "any", source: "§4 #6 (inferred)" },
  { id: "customers.list/size-not-integer", api: "core", area: "input", method: "GET", path: "/v1/customers?size=abc", expect: { status: [400] }, scope: "any", source: "§4 #10" },
  { id: "customers.list/size-negative", api: "core", area: "input", method: "GET", path: "/v1/customers?size=-1", expect: { status: [400] }, scope: "any", source: "§4 #10" },
  { id: "auditrecords.list/window-over-90-days", api: "core", area: "input", method: "GET", path: "/v1/auditrecords?startDate={daysAgo:120}", expect: { status: [400] }, scope: "any", source: "§4 #7" },
  { id: "entitlements.get/customer-not-guid", api: "core", area: "input", method: "GET", path: "/v1/customers/not-a-guid/subscriptions/x/azureEntitlements/y", expect: { status: [400] }, scope: "any", source: "§4 #8; table 400/800002" },
  { id: "products.list/missing-target-view", api: "core", area: "input", method: "GET", path: "/v1/products?country=US", expect: { status: [400] }, scope: "any", source: "§4 #9" },
  { id: "address.validate/truncated-json", api: "core", area: "input", method: "POST", path: "/v1/validations/address", body: { text: "{", contentType: "application/json" }, expect: { status: [400] }, scope: "any", source: "§4 #11" },
  { id: "address.validate/empty-object", api: "core", area: "input", method: "POST", path: "/v1/validations/address", body: { json: {} }, expect: { status: [400] }, scope: "any", source: "§4 #11" },
  { id: "address.validate/text-plain", api: "core", area: "input", method: "POST", path: "/v1/validations/address", body: { text: "country=US", contentType: "text/plain" }, expect: { status: [400] }, scope: "any", source: "§4 #43 (the core page documents no 415)" },
  { id: "customers.create/not-json", api: "core", area: "input", method: "POST", path: "/v1/customers", body: { text: "not json", contentType: "application/json" }, expect: { status: [400] }, scope: "any", source: "§4 #12" },
  // 404: ids and URIs that map to nothing
  { id: "products.get/unknown-product", api: "core", area: "resources", method: "GET", path: "/v1/products/ZZZZZZZZZZZZ?country=US", expect: { status: [404] }, scope: "any", source: "§4 #25; table 404/400013" },
  { id: "skus.get/unknown-sku", api: "core", area: "resources", method: "GET", path: "/v1/products/{productId}/skus/ZZZZ?country=US", expect: { status: [404] }, scope: "any", source: "§4 #26; table 404/400018" },
  { id: "availabilities.get/unknown-availability", api: "core", area: "resources", method: "GET", path: "/v1/products/{productId}/skus/{skuId}/availabilities/ZZZZ?country=US", expect: { status: [404] }, scope: "any", source: "§4 #27; table 404/400019" },
  { id: "domains.head/available", api: "core", area: "resources", method: "HEAD", path: "/v1/domains/pc-contract-{newGuid}.onmicrosoft.com", expect: { status: [404] }, scope: "any", source: "§4 #29 (404 with no body is contractual)" },
  { id: "subscriptions.get/unknown-subscription", api: "core", area: "resources", method: "GET", path: "/v1/customers/{customerId}/subscriptions/{newGuid}", expect: { status: [404] }, scope: "any", source: "§4 #30; table 404/20003" },
  { id: "orders.get/unknown-order", api: "core", area: "resources", method: "GET", path: "/v1/customers/{customerId}/orders/{newGuid}", expect: { status: [404] }, scope: "any", source: "§4 #31; table 404/20000" },
  { id: "unknown-route.get/not-found", api: "core", area: "resources", method: "GET", path: "/v1/doesnotexist", expect: { status: [404] }, scope: "any", source: "§4 #36" },
  // 405 with Allow, 501 for methods the service does not implement
  { id: "offers.delete/method-not-allowed", api: "core", area: "methods", method: "DELETE", path: "/v1/offers?country=US", expect: { status: [405] }, scope: "any", source: "§4 #37" },
  { id: "mpn.post/method-not-allowed", api: "core", area: "methods", method: "POST", path: "/v1/profiles/mpn", body: { json: {} }, expect: { status: [405] }, scope: "any", source: "§4 #37" },
  { id: "countryvalidationrules.delete/method-not-allowed", api: "core", area: "methods", method: "DELETE", path: "/v1/countryvalidationrules/US", expect: { status: [405] }, scope: "any", source: "§4 #37" },
  { id: "invoices.put/method-not-allowed", api: "core", area: "methods", method: "PUT", path: "/v1/invoices", body: { json: {} }, expect: { status: [405] }, scope: "any", source: "§4 #37" },
  { id: "auditrecords.delete/method-not-allowed", api: "core", area: "methods", method: "DELETE", path: "/v1/auditrecords", expect: { status: [405] }, scope: "any", source: "§4 #37" },
  { id: "customers.propfind/not-implemented", api: "core", area: "methods", method: "PROPFIND", path: "/v1/customers", expect: { status: [501] }, scope: "any", source: "error-codes 501 'Not implemented'; table 501/0" },
  // 406: Accept the service cannot satisfy
  { id: "customers.list/accept-png", api: "core", area: "negotiation", method: "GET", path: "/v1/customers?size=1", headers: { Accept: "image/png" }, expect: { status: [406] }, scope: "any", source: "§4 #39" },
  { id: "legalbusiness.get/accept-csv", api: "core", area: "negotiation", method: "GET", path: "/v1/profiles/legalbusiness", headers: { Accept: "text/csv" }, expect: { status: [406] }, scope: "any", source: "§4 #39" },
  // 400/2055, 409, 412: concurrency
  { id: "subscriptions.patch/stale-etag", api: "core", area: "concurrency", method: "PATCH", path: "/v1/customers/{customerId}/subscriptions/{subscriptionId}", headers: { "If-Match": '"pc-contract-stale-etag"' }, body: { json: { quantity: 5 } }, expect: { status: [400] }, scope: "any", source: "§4 (core stale ETag is 400/2055); table 400/2055" },
  { id: "subscriptions.patch/unmodified-since-past", api: "core", area: "concurrency", method: "PATCH", path: "/v1/customers/{customerId}/subscriptions/{subscriptionId}", headers: { "If-Unmodified-Since": "Sat, 01 Jan 2000 00:00:00 GMT" }, body: { json: { quantity: 5 } }, expect: { status: [412] }, scope: "mock", source: "error-codes 412 'Precondition failed'; RFC 9110 §13.1.4" },
  { id: "subscriptions.patch/pending-operation", api: "core", area: "concurrency", method: "PATCH", path: "/v1/customers/{customerId}/subscriptions/{pendingSubscriptionId}", body: { json: { quantity: 6 } }, expect: { status: [409] }, scope: "mock", source: "§4 (409 mock only); table 409/900278" },
  // 429
  { id: "subscriptions.list/burst", api: "core", area: "throttling", method: "GET", path: "/v1/customers/{throttledCustomerId}/subscriptions", expect: { status: [429] }, repeat: { max: 1200 }, scope: "mock", source: "api-throttling-guidance.md; customer-resources.md (500 requests per minute per tenant)" },
  // server faults, injected by the mock
  fault(408, "error-codes 408 (added 2021-05); table 408/900225"),
  fault(500, "error-codes 500; table 500/800003"),
  fault(502, "error-codes 502"),
  fault(503, "error-codes 503 (Retry-After when the delay is known)"),
  fault(504, "error-codes 504"),
];
