import { randomUUID } from "node:crypto";
import { MockFailure, jsonResponse, type MockResponse } from "../mock-response.js";
import { etagOf, type Referral } from "../mock-state.js";
import { readJsonBody } from "../request-body.js";
import type { MockRequest, Route, RouteContext } from "../router.js";
import { referralsError, referralsInvalidBody, type ReferralsTemplateName } from "./templates.js";
import { requireValidBody } from "../validate-body.js";

const fail = (name: ReferralsTemplateName, details?: Record<string, string[]>[], headers?: Record<string, string>): never => {
  throw new MockFailure(referralsError(name, { ...(details ? { details } : {}), ...(headers ? { headers } : {}) }));
};

function jsonBody(request: MockRequest): unknown {
  const read = readJsonBody(request);
  if ("value" in read) return read.value;
  if (read.problem.kind === "content-type") return fail("unsupportedMediaType");
  if (read.problem.kind === "empty") return fail("missingInput", [{ body: ["A request body is required."] }]);
  return fail("invalidInput", [{ body: [`The body is not valid JSON: ${read.problem.detail}`] }]);
}

function representation(referral: Referral) {
  const { version: _v, deleted: _d, locked: _l, busy: _b, ...visible } = referral;
  return visible;
}

function listReferrals(request: MockRequest, { state }: RouteContext): MockResponse {
  const top = request.query.get("$top");
  if (top !== null && !/^(?:[1-9]\d?|100)$/.test(top)) fail("invalidInput", [{ $top: ["Must be an integer from 1 to 100."] }]);
  const filter = request.query.get("$filter");
  if (
    filter !== null &&
    !/^\s*\w+(?:\/\w+)*\s+(eq|ne)\s+('[^']*'|\d+|true|false)(\s+(and|or)\s+\w+(?:\/\w+)*\s+(eq|ne)\s+('[^']*'|\d+|true|false))*\s*$/.test(filter)
  ) {
    fail("invalidInput", [{ $filter: ["The filter expression is not valid OData."] }]);
  }
  const items = [...state.referrals.values()]
    .filter((r) => !r.deleted)
    .slice(0, Number(top ?? 20))
    .map(representation);
  return jsonResponse(200, { value: items });
}

function createReferral(request: MockRequest, { state, options }: RouteContext): MockResponse {
  const body = jsonBody(request);
  const id = randomUUID();
  const input = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const referral: Referral = {
    ...(input as unknown as Referral),
    id,
    status: "New",
    version: 1,
    deleted: false,
    locked: false,
    busy: false,
  };
  requireValidBody("referrals.create", body, referralsInvalidBody, { options, write: () => state.referrals.set(id, referral) });
  // The mock's organization is not allow-listed for co-sell: a Shared referral is refused (99914).
  if (input.type === "Shared") fail("coSellNotAllowed");
  state.referrals.set(id, referral);
  return jsonResponse(201, representation(referral), { ETag: etagOf(id, 1), Location: `/v1.0/engagements/referrals/${id}` });
}

function existing(request: MockRequest, { state }: RouteContext): Referral {
  const referral = state.referrals.get(request.params.referralId!.toLowerCase());
  if (!referral) return fail("notFound");
  if (referral.deleted) return fail("gone");
  return referral;
}

/** GET supports single byte ranges of the JSON representation (RFC 9110 §14), so an unsatisfiable range is a 416. */
function getReferral(request: MockRequest, context: RouteContext): MockResponse {
  const referral = existing(request, context);
  const bytes = Buffer.from(JSON.stringify(representation(referral)));
  const headers = { ETag: etagOf(referral.id, referral.version), "Accept-Ranges": "bytes" };
  const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers.range ?? ""));
  if (!range) return jsonResponse(200, representation(referral), headers);
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
  if (start >= bytes.length || start > end) return fail("rangeNotSatisfiable", undefined, { "Content-Range": `bytes */${bytes.length}` });
  return {
    status: 206,
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Range": `bytes ${start}-${end}/${bytes.length}` },
    raw: bytes.subarray(start, end + 1),
  };
}

const READ_ONLY = new Set(["/id", "/createdDateTime", "/type"]);

/** referral-resources.md, "Status & Substatus transition states": where a status may go, and the substatus it takes. */
const TRANSITIONS: Record<string, { to: string[]; substatus: string[] }> = {
  New: { to: ["New", "Active", "Closed"], substatus: ["Pending", "Received"] },
  Active: { to: ["Active", "Closed"], substatus: ["Accepted"] },
  Closed: { to: ["Closed"], substatus: ["Won", "Lost", "Declined", "Expired"] },
};
const STATUS_PATHS = new Set(["/status", "/substatus"]);

/** A status change (patch-a-referral's sample 2): judged by the transition table, not the field schema; 422 when not allowed. */
function changeStatus(referral: Referral, ops: { path: string; value: unknown }[]): void {
  const status = ops.find((op) => op.path === "/status")?.value ?? referral.status;
  const substatus = ops.find((op) => op.path === "/substatus")?.value;
  const allowed = TRANSITIONS[referral.status]?.to ?? [];
  if (typeof status !== "string" || !allowed.includes(status)) return void fail("unprocessable");
  if (substatus !== undefined && (typeof substatus !== "string" || !TRANSITIONS[status]!.substatus.includes(substatus))) return void fail("unprocessable");
  referral.status = status as Referral["status"];
  if (substatus !== undefined) referral.substatus = substatus as string;
}

function patchReferral(request: MockRequest, context: RouteContext): MockResponse {
  const referral = existing(request, context);
  if (referral.locked) fail("locked");
  if (referral.busy) fail("modified");
  const ifMatch = request.headers["if-match"];
  if (ifMatch !== undefined && ifMatch !== "*" && ifMatch !== etagOf(referral.id, referral.version)) fail("etagMismatch");
  const ops = jsonBody(request);
  // Rules the schema cannot say: read-only properties (99908), and status changes by the transition table (422).
  for (const [index, op] of (Array.isArray(ops) ? ops : []).entries()) {
    const { path } = (op ?? {}) as { path?: unknown };
    if (typeof path === "string" && READ_ONLY.has(path)) fail("notUpdatable", [{ [`[${index}].path`]: [`${path} is not updatable.`] }]);
  }
  const statusOps = (Array.isArray(ops) ? ops : []).filter((op) => STATUS_PATHS.has((op as { path?: unknown } | null)?.path as string));
  if (statusOps.length && statusOps.length === (ops as unknown[]).length) {
    changeStatus(referral, statusOps as { path: string; value: unknown }[]);
    referral.version++;
    return patched(request, referral);
  }
  if (statusOps.length && referral.status === "Closed") fail("unprocessable");
  const apply = () => {
    for (const { path, value } of ops as { path: string; value: unknown }[]) {
      if (typeof path !== "string") continue;
      const keys = path.slice(1).split("/");
      let node = referral as unknown as Record<string, unknown>;
      for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[keys.at(-1)!] = value;
    }
    referral.version++;
  };
  requireValidBody("referrals.update", ops, referralsInvalidBody, { options: context.options, write: apply });
  apply();
  return patched(request, referral);
}

/** patch-a-referral: 204 with the new ETag, or 200 with the referral when the caller asked for its representation. */
function patched(request: MockRequest, referral: Referral): MockResponse {
  const headers = { ETag: etagOf(referral.id, referral.version) };
  return /return=representation/i.test(String(request.headers.prefer ?? "")) ? jsonResponse(200, representation(referral), headers) : { status: 204, headers };
}

/** The Referrals API (api.partner.microsoft.com/v1.0/engagements/referrals). */
export const referralsRoutes: Route[] = [
  { pattern: "/v1.0/engagements/referrals", methods: { GET: listReferrals, POST: createReferral } },
  { pattern: "/v1.0/engagements/referrals/:referralId", methods: { GET: getReferral, PATCH: patchReferral } },
];
