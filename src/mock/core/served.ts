import { randomUUID } from "node:crypto";
import { bundledOperations, type RequestOperation } from "../../contract/operations.js";
import { jsonResponse, type MockResponse } from "../mock-response.js";
import { isGuid } from "../request-body.js";
import { patternOf, type Handler, type MockRequest, type Route, type RouteContext } from "../router.js";
import { requireValidBody } from "../validate-body.js";
import { coreInvalidBody } from "./templates.js";
import { customerById, fail, jsonBody, page } from "./shared.js";
import { requireReferences } from "./references.js";

/**
 * Every resource the path names must exist: the customer (a GUID, 400 800002; one the partner has a
 * relationship with, 403 20002), then each id in the collection before it (404 1000).
 */
function requireResources(request: MockRequest, context: RouteContext): void {
  const { state } = context;
  const segments = request.path.split("/");
  for (let i = 1; i < segments.length; i++) {
    const id = decodeURIComponent(segments[i]!);
    const collection = segments.slice(0, i).join("/");
    if (collection.toLowerCase() === "/v1/customers") customerById(id, context);
    else if (state.collections.has(collection.toLowerCase()) || isGuid(id)) {
      // A GUID where the store keeps no such collection, or no such id in it: nothing by that name.
      if (!state.collections.get(collection.toLowerCase())?.has(id.toLowerCase())) fail("notFound");
    }
  }
}

const bodyOf = (request: MockRequest, operation: RequestOperation): unknown =>
  ["POST", "PUT", "PATCH"].includes(operation.method) ? jsonBody(request) : undefined;

/**
 * A request operation served from its data alone: the resources its path names are checked in the store, its
 * body is judged by the schema the generated cases come from, and a create keeps what it made in the store, so
 * the operation's list read shows it.
 */
function servedBy(operation: RequestOperation): Handler {
  return (request, context) => {
    // App+User only where the page says so: an app-only token gets 403 900329.
    if (operation.identity === "user" && request.principal.idtyp === "app") fail("appOnlyNotSupported");
    requireResources(request, context);
    const body = bodyOf(request, operation);
    const fields = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    // An update of a resource the store keeps changes it; a create adds one to its collection.
    const existing = stored(request, context);
    const resource = existing ?? { ...fields, id: randomUUID() };
    const write = () => {
      if (existing) Object.assign(existing, fields, { id: existing.id });
      else if (operation.creates) context.state.collection(request.path).set(String(resource.id), resource);
    };
    requireValidBody(operation.id, body, coreInvalidBody, { options: context.options, write });
    requireReferences(operation, body, request, context);
    write();
    return jsonResponse(operation.success[0]!, existing ? resource : { ...fields, ...resource }) as MockResponse;
  };
}

/** A path as the collection it is in and the id it ends with (lower case, as the store keys them). */
function lastSegment(path: string): { collection: string; id: string } {
  const trimmed = path.replace(/\/+$/, "");
  const at = trimmed.lastIndexOf("/");
  return { collection: trimmed.slice(0, at).toLowerCase(), id: trimmed.slice(at + 1).toLowerCase() };
}

/** The resource the request's path names in the store, if it names one. */
function stored(request: MockRequest, { state }: RouteContext): Record<string, unknown> | undefined {
  const { collection, id } = lastSegment(request.path);
  return state.collections.get(collection)?.get(id);
}

/** The list a create adds to: what the store keeps in the collection (the operation's documented read). */
const listed: Handler = (request, context) => {
  requireResources(request, context);
  return page([...context.state.collection(request.path).values()]);
};

/** A documented removal of a created resource (a policy, a self-serve policy): gone from the store, 404 when it was not there. */
const removed: Handler = (request, context) => {
  requireResources(request, context);
  const { collection, id } = lastSegment(request.path);
  if (!context.state.collection(collection).delete(id)) fail("notFound");
  return { status: 204, headers: {} };
};

/** Removals the pages document for resources the operations create (the ledger sends them after a run). */
const REMOVALS = ["/v1/customers/:customerId/policies/:policyId", "/v1/SelfServePolicy/:policyId"];

/**
 * The core API's routes with every request operation no hand-written route serves added from operations.json:
 * a method on a pattern a hand-written route has joins that route; a new pattern becomes a route of its own.
 */
export function withServedOperations(routes: Route[], operations: readonly RequestOperation[] = bundledOperations()): Route[] {
  const all = routes.map((r) => ({ ...r, methods: { ...r.methods } }));
  const serve = (pattern: string, method: string, handler: Handler) => {
    const existing = all.find((r) => r.pattern.toLowerCase() === pattern.toLowerCase());
    if (existing?.methods[method]) return;
    if (existing) existing.methods[method] = handler;
    else all.push({ pattern, methods: { [method]: handler } });
  };
  for (const operation of operations.filter((o) => o.api === "core")) {
    serve(patternOf(operation.path), operation.method, servedBy(operation));
    if (operation.read?.kind === "list") serve(patternOf(operation.read.path.split("?")[0]!), "GET", listed);
  }
  for (const pattern of REMOVALS) serve(pattern, "DELETE", removed);
  return all;
}
