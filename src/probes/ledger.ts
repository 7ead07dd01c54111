import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { ApiName } from "../contract/api-profile.js";
import { profileOf } from "../contract/apis/registry.js";
import { headerValue, type Exchange } from "../transport/exchange.js";
import { sendRequest } from "../transport/send-request.js";
import type { Target } from "./target.js";

/** A resource a case created on the target: a bad write the service accepted (or a write that was allowed to). */
export interface CreatedResource {
  /** The case that created it. */
  case: string;
  api: ApiName;
  /** The resource's URL, from Location or the id in the body. */
  url: string;
  at: string;
  /** The call that removes it, when the API has one. */
  removal?: { method: string; url: string; body?: unknown };
  /** Why no call is needed (it expires), or what a person must do (manual), or that its id is unknown. */
  note?: string;
  /** No call is needed: it expires on its own. */
  expires?: boolean;
  /** The page that documents the removal. */
  source?: string;
}

export interface LedgerFile {
  created: number;
  removed: number;
  /** Resources nobody removed yet, each with the call that would remove it. */
  left: (CreatedResource & { error?: string; command?: string })[];
  /** Resources that need no call (a cart expires), listed for the record. */
  expire: CreatedResource[];
}

/** What the exchange created, when it was a POST the service accepted: read from Location, else the body's id. */
export function createdBy(caseId: string, api: ApiName, exchange: Exchange): CreatedResource | undefined {
  const { request, response } = exchange;
  if (request.method.toUpperCase() !== "POST" || (response.status !== 200 && response.status !== 201)) return undefined;
  const collection = new URL(request.url);
  const location = headerValue(response.headers, "location");
  let url: URL | undefined;
  if (location) url = new URL(location, collection);
  else {
    try {
      const id = (JSON.parse(Buffer.from(response.body).toString("utf8")) as { id?: unknown }).id;
      if (typeof id === "string" && /^[\w.-]+$/.test(id)) url = new URL(`${collection.pathname.replace(/\/$/, "")}/${id}`, collection);
    } catch {
      // no JSON body: nothing to name
    }
  }
  return described(caseId, api, collection, url);
}

/** A resource a rejected POST created all the same: the id the read after it found new in the list. */
export function createdDespiteRejection(caseId: string, api: ApiName, writeUrl: string, id: string): CreatedResource | undefined {
  const collection = new URL(writeUrl);
  return described(caseId, api, collection, new URL(`${collection.pathname.replace(/\/$/, "")}/${encodeURIComponent(id)}`, collection));
}

/** The created resource with the call that removes it, by the API's cleanup rule for its collection. */
function described(caseId: string, api: ApiName, collection: URL, url: URL | undefined): CreatedResource | undefined {
  const rule = profileOf(api).cleanup?.find((r) => r.collection.test(collection.pathname));
  if (!rule) return undefined;
  const at = new Date().toISOString();
  if (!url) return { case: caseId, api, url: collection.href, at, note: "created something whose id the response did not say", source: rule.source };
  url.search = "";
  const remove = rule.remove(url.pathname);
  if ("expires" in remove) return { case: caseId, api, url: url.href, at, note: remove.expires, expires: true, source: rule.source };
  if ("manual" in remove) return { case: caseId, api, url: url.href, at, note: remove.manual, source: rule.source };
  return {
    case: caseId,
    api,
    url: url.href,
    at,
    removal: { method: remove.method, url: new URL(remove.path, url).href, ...(remove.body !== undefined ? { body: remove.body } : {}) },
    source: rule.source,
  };
}

/** Workers append one resource a line while the run goes; the global teardown removes them. */
export const noteCreated = (partsFile: string, resource: CreatedResource): void => appendFileSync(partsFile, `${JSON.stringify(resource)}\n`);

const commandFor = (r: NonNullable<CreatedResource["removal"]>, api: ApiName) =>
  `curl -X ${r.method} '${r.url}' -H "Authorization: Bearer $${profileOf(api).auth?.tokenVariable ?? "PC_TOKEN"}"${
    r.body !== undefined ? ` -H 'Content-Type: application/json' --data '${JSON.stringify(r.body).replace(/'/g, `'\\''`)}'` : ""
  }`;

/** Sends each removal; a resource already gone (404, 410) counts as removed. Returns what is left, with why. */
export async function removeAll(resources: readonly CreatedResource[], target: Target): Promise<LedgerFile> {
  const left: LedgerFile["left"] = [];
  const expire: CreatedResource[] = [];
  let removed = 0;
  for (const r of resources) {
    if (!r.removal) {
      if (r.expires) expire.push(r);
      else left.push(r);
      continue;
    }
    try {
      const identity = profileOf(r.api).auth?.defaultIdentity ?? "app";
      const token = await target.tokens.token(r.api, identity);
      const exchange = await sendRequest(
        {
          method: r.removal.method,
          url: r.removal.url,
          headers: {
            Authorization: `Bearer ${token}`,
            "MS-CorrelationId": randomUUID(),
            "MS-RequestId": randomUUID(),
            "MS-PartnerCenter-Application": "pc-contract cleanup",
            ...(r.removal.body !== undefined ? { "Content-Type": "application/json" } : {}),
          },
          ...(r.removal.body !== undefined ? { body: new TextEncoder().encode(JSON.stringify(r.removal.body)) } : {}),
        },
        { dispatcher: target.dispatcher, timeoutMs: target.pacing.requestTimeoutMs },
      );
      const status = exchange.response.status;
      if ((status >= 200 && status < 300) || status === 404 || status === 410) removed++;
      else left.push({ ...r, error: `${r.removal.method} answered ${status}`, command: commandFor(r.removal, r.api) });
    } catch (error) {
      left.push({ ...r, error: (error as Error).message, command: commandFor(r.removal, r.api) });
    }
  }
  return { created: resources.length, removed, left, expire };
}

/** The parts the workers wrote, read and removed. */
export function takeParts(partsFile: string): CreatedResource[] {
  if (!existsSync(partsFile)) return [];
  const resources = readFileSync(partsFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CreatedResource);
  rmSync(partsFile, { force: true });
  return resources;
}

export const writeLedger = (file: string, ledger: LedgerFile): void => writeFileSync(file, `${JSON.stringify(ledger, null, 2)}\n`);

/** A ledger file as `pc-contract cleanup` reads it: the resources still to remove. */
export function readLedger(file: string): CreatedResource[] {
  const json = JSON.parse(readFileSync(file, "utf8")) as Partial<LedgerFile>;
  if (!Array.isArray(json.left)) throw new Error("no left array: not a created.json of pc-contract");
  return json.left.map(({ error: _e, command: _c, ...r }) => r);
}
