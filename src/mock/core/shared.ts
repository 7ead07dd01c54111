import { MockFailure, jsonResponse, type MockResponse } from "../mock-response.js";
import { isGuid, readJsonBody } from "../request-body.js";
import type { MockRequest, RouteContext } from "../router.js";
import { coreError, type CoreTemplateName } from "./templates.js";

/** What the core API's hand-written routes and the routes served from operations.json answer alike. */

export const fail = (name: CoreTemplateName, args: string[] = [], headers: Record<string, string> = {}): never => {
  throw new MockFailure(coreError(name, args, headers));
};

/** The parsed body; anything but a JSON object is the schema's to refuse, with the field named. */
export function jsonBody(request: MockRequest): Record<string, unknown> {
  const read = readJsonBody(request);
  if ("problem" in read) {
    const p = read.problem;
    if (p.kind === "content-type") return fail("contentTypeNotJson", [p.received]);
    return fail("invalidInput");
  }
  return read.value as Record<string, unknown>;
}

/** A customer of the partner: its id a GUID (400 800002), one the partner has a relationship with (403 20002). */
export function customerById(id: string, { state, options }: RouteContext) {
  if (!isGuid(id)) fail("customerIdNotGuid", [id]);
  const customer = state.customers.get(id.toLowerCase());
  return customer ?? fail("noRelationship", [options.tenantId, id]);
}

/** A collection as the core API pages it. */
export const page = (items: unknown[]): MockResponse =>
  jsonResponse(200, { totalCount: items.length, items, links: {}, attributes: { objectType: "Collection" } });
