import { randomUUID } from "node:crypto";
import { jsonResponse, type MockResponse } from "../mock-response.js";
import { isGuid } from "../request-body.js";
import type { MockRequest, Route, RouteContext } from "../router.js";
import { coreInvalidBody } from "./templates.js";
import { customerById, fail, jsonBody, page } from "./shared.js";
import { etagOf } from "../mock-state.js";
import { requireValidBody } from "../validate-body.js";
import { operationById } from "../../contract/operations.js";
import { requireReferences } from "./references.js";

const ownCustomer = (request: MockRequest, context: RouteContext) => customerById(request.params.customerId!, context);

function requireQuery(request: MockRequest, ...names: string[]): void {
  for (const name of names) if (!request.query.get(name)) fail("invalidInput");
}

function listCustomers(request: MockRequest, { state }: RouteContext): MockResponse {
  const size = request.query.get("size");
  if (size !== null && !/^[1-9]\d{0,2}$/.test(size)) fail("invalidInput");
  const filter = request.query.get("filter");
  if (filter !== null) {
    let parsed: { Field?: unknown; Value?: unknown; Operator?: unknown };
    try {
      parsed = JSON.parse(filter);
    } catch {
      return fail("invalidInput");
    }
    if (parsed.Operator !== "starts_with" && parsed.Operator !== "equals") fail("searchOperator");
  }
  return page([...state.customers.values()].slice(0, Number(size ?? 500)));
}

function createCustomer(request: MockRequest, { state, options }: RouteContext): MockResponse {
  const body = jsonBody(request);
  const id = randomUUID();
  const create = () => {
    const company = body.companyProfile as { domain?: unknown } | undefined;
    const billing = body.billingProfile as { companyName?: unknown } | undefined;
    state.customers.set(id, { id, companyName: String(billing?.companyName ?? ""), domain: String(company?.domain ?? "") });
    state.subscriptions.set(id, new Map());
  };
  requireValidBody("customers.create", body, coreInvalidBody, { options, write: create });
  create();
  return jsonResponse(201, { ...body, id });
}

/** Delete a customer: a documented operation of the integration sandbox only. */
function deleteCustomer(request: MockRequest, context: RouteContext): MockResponse {
  const customer = ownCustomer(request, context);
  context.state.customers.delete(customer.id);
  context.state.subscriptions.delete(customer.id);
  for (const key of [...context.state.collections.keys()])
    if (key.startsWith(`/v1/customers/${customer.id.toLowerCase()}/`)) context.state.collections.delete(key);
  return { status: 204, headers: {} };
}

/** Creates a user (kept, so it can be listed and deleted) or a cart (not kept: carts expire), after judging the body. */
function createUnder(operationId: string, keep: "users" | undefined) {
  return (request: MockRequest, context: RouteContext): MockResponse => {
    ownCustomer(request, context);
    const body = jsonBody(request);
    const id = randomUUID();
    const create = () => {
      if (keep) context.state.collection(request.path).set(id, { ...body, id });
    };
    requireValidBody(operationId, body, coreInvalidBody, { options: context.options, write: create });
    requireReferences(operationById(operationId), body, request, context);
    create();
    return jsonResponse(201, { ...body, id });
  };
}

/** The users of a customer (get-a-list-of-all-user-accounts-for-a-customer): those created through the API. */
function listUsers(request: MockRequest, context: RouteContext): MockResponse {
  const customer = ownCustomer(request, context);
  return page([...context.state.collection(`/v1/customers/${customer.id}/users`).values()].map(({ id }) => ({ id })));
}

function deleteUser(request: MockRequest, context: RouteContext): MockResponse {
  const customer = ownCustomer(request, context);
  if (!context.state.collection(`/v1/customers/${customer.id}/users`).delete(request.params.userId!.toLowerCase())) fail("notFound");
  return { status: 204, headers: {} };
}

function subscriptionOf(request: MockRequest, context: RouteContext) {
  const customer = ownCustomer(request, context);
  const sub = context.state.subscriptions.get(customer.id)?.get(request.params.subscriptionId!.toLowerCase());
  return sub ?? fail("subscriptionNotFound", [request.params.subscriptionId!]);
}

function updateSubscription(request: MockRequest, context: RouteContext): MockResponse {
  const sub = subscriptionOf(request, context);
  const ifMatch = request.headers["if-match"];
  if (ifMatch !== undefined && ifMatch !== etagOf(sub.id, sub.version)) fail("etagInvalid");
  const since = request.headers["if-unmodified-since"];
  if (since !== undefined && Date.parse(since) < sub.lastModified.getTime()) fail("preconditionFailed", [since]);
  if (sub.pendingOperation) fail("pendingOperation");
  const body = jsonBody(request);
  if (body.quantity !== undefined && (!Number.isInteger(body.quantity) || (body.quantity as number) < 1)) fail("invalidProperty");
  if (typeof body.quantity === "number") sub.quantity = body.quantity;
  sub.version++;
  sub.lastModified = new Date();
  return jsonResponse(200, sub, { ETag: etagOf(sub.id, sub.version) });
}

function listProducts(request: MockRequest): MockResponse {
  requireQuery(request, "country", "targetView");
  const segment = request.query.get("targetSegment");
  if (segment && segment.toLowerCase() !== "commercial") fail("targetSegmentNotAllowed");
  return page([]);
}

function product(request: MockRequest, { state }: RouteContext) {
  requireQuery(request, "country");
  return state.products.get(request.params.productId!.toUpperCase()) ?? fail("productNotFound");
}

function sku(request: MockRequest, context: RouteContext) {
  const skus = product(request, context);
  return skus.get(request.params.skuId!) ?? fail("skuNotFound");
}

function agreementStatus(request: MockRequest, { state, options }: RouteContext): MockResponse {
  const mpnId = request.query.get("mpnId");
  const tenantId = request.query.get("tenantId");
  if (!mpnId && !tenantId) fail("mpnAndTenantEmpty");
  if (mpnId && tenantId) fail("mpnAndTenantBoth");
  if (tenantId && !isGuid(tenantId)) fail("tenantIdNotGuid");
  if (mpnId && !/^\d+$/.test(mpnId)) fail("mpnIdNotNumeric");
  if (tenantId && !state.customers.has(tenantId.toLowerCase()) && tenantId !== options.tenantId) fail("accountNotFound", [tenantId]);
  return jsonResponse(200, { agreementSigned: true });
}

function auditRecords(request: MockRequest): MockResponse {
  const start = request.query.get("startDate");
  if (!start || Number.isNaN(Date.parse(start))) return fail("invalidInput");
  if (Date.now() - Date.parse(start) > 90 * 86_400_000) fail("auditWindow");
  return page([]);
}

function domain(request: MockRequest, { state }: RouteContext): MockResponse {
  // Contractual: 200 when the domain is taken, 404 with no body when it is available.
  return state.takenDomains.has(request.params.domain!.toLowerCase())
    ? { status: 200, headers: {}, raw: "" }
    : { status: 404, headers: {}, raw: "", errorOf: "core" };
}

function validateAddress(request: MockRequest): MockResponse {
  const body = jsonBody(request);
  requireValidBody("address.validate", body, coreInvalidBody);
  return jsonResponse(200, { status: "Verified", originalAddress: body, suggestedAddresses: [] });
}

const ok = (json: unknown) => () => jsonResponse(200, json);

/** The core API (api.partnercenter.microsoft.com/v1): the routes the probes need, with the rules the documents give them. */
export const coreRoutes: Route[] = [
  { pattern: "/v1/customers", methods: { GET: listCustomers, POST: createCustomer } },
  { pattern: "/v1/customers/:customerId", methods: { GET: (r, c) => jsonResponse(200, ownCustomer(r, c)), DELETE: deleteCustomer } },
  {
    pattern: "/v1/customers/:customerId/subscriptions",
    methods: { GET: (r, c) => page([...(c.state.subscriptions.get(ownCustomer(r, c).id)?.values() ?? [])]) },
  },
  {
    pattern: "/v1/customers/:customerId/subscriptions/:subscriptionId",
    methods: {
      GET: (r, c) => {
        const s = subscriptionOf(r, c);
        return jsonResponse(200, s, { ETag: etagOf(s.id, s.version) });
      },
      PATCH: updateSubscription,
    },
  },
  {
    pattern: "/v1/customers/:customerId/subscriptions/:subscriptionId/azureEntitlements/:entitlementId",
    methods: {
      GET: (r, c) => {
        subscriptionOf(r, c);
        return fail("notFound");
      },
    },
  },
  { pattern: "/v1/customers/:customerId/users", methods: { GET: listUsers, POST: createUnder("customer-users.create", "users") } },
  { pattern: "/v1/customers/:customerId/users/:userId", methods: { DELETE: deleteUser } },
  { pattern: "/v1/customers/:customerId/carts", methods: { POST: createUnder("carts.create", undefined) } },
  {
    pattern: "/v1/customers/:customerId/orders/:orderId",
    methods: {
      GET: (r, c) => {
        const customer = ownCustomer(r, c);
        const order = c.state.collection(`/v1/customers/${customer.id}/orders`).get(r.params.orderId!.toLowerCase());
        return order ? jsonResponse(200, order) : fail("orderNotFound");
      },
    },
  },
  { pattern: "/v1/products", methods: { GET: listProducts } },
  {
    pattern: "/v1/products/:productId",
    methods: {
      GET: (r, c) => {
        product(r, c);
        return jsonResponse(200, { id: r.params.productId });
      },
    },
  },
  {
    pattern: "/v1/products/:productId/skus/:skuId",
    methods: {
      GET: (r, c) => {
        sku(r, c);
        return jsonResponse(200, { id: r.params.skuId });
      },
    },
  },
  {
    pattern: "/v1/products/:productId/skus/:skuId/availabilities/:availabilityId",
    methods: {
      GET: (r, c) => (sku(r, c).includes(r.params.availabilityId!) ? jsonResponse(200, { id: r.params.availabilityId }) : fail("availabilityNotFound")),
    },
  },
  { pattern: "/v1/profiles/mpn", userOnly: true, methods: { GET: ok({ partnerId: "7781093", partnerName: "Contoso Mock" }) } },
  { pattern: "/v1/profiles/organization", userOnly: true, methods: { GET: ok({ companyName: "Contoso Mock" }) } },
  { pattern: "/v1/profiles/legalbusiness", methods: { GET: ok({ companyName: "Contoso Mock" }), PUT: (r) => jsonResponse(200, jsonBody(r)) } },
  { pattern: "/v1/compliance/csp/agreementstatus", userOnly: true, methods: { GET: agreementStatus } },
  { pattern: "/v1/auditrecords", methods: { GET: auditRecords } },
  {
    pattern: "/v1/offers",
    methods: {
      GET: (r) => {
        requireQuery(r, "country");
        return page([]);
      },
    },
  },
  { pattern: "/v1/invoices", methods: { GET: ok({ totalCount: 0, items: [] }) } },
  { pattern: "/v1/countryvalidationrules/:countryCode", methods: { GET: (r) => jsonResponse(200, { iso2Code: r.params.countryCode }) } },
  { pattern: "/v1/domains/:domain", methods: { HEAD: domain } },
  { pattern: "/v1/validations/address", methods: { POST: validateAddress } },
];
