import { randomUUID } from "node:crypto";
import type { ByApi } from "../contract/api-profile.js";
import { ConfigError } from "../errors.js";
import type { OutgoingRequest } from "../transport/send-request.js";
import type { Probe } from "./probe.js";

/** Placeholders in a probe's path that name no tenant resource. */
function dynamic(name: string): string | undefined {
  if (name === "newGuid") return randomUUID();
  const daysAgo = /^daysAgo:(\d+)$/.exec(name);
  if (daysAgo) return new Date(Date.now() - Number(daysAgo[1]) * 86_400_000).toISOString().slice(0, 10);
  return undefined;
}

/** The tenant ids a probe needs that the target does not have (it is then skipped, saying which). */
export function missingIds(probe: Probe, ids: Record<string, string>): string[] {
  const named = [...[...probe.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!), ...(probe.references ?? []).map((r) => r.id)];
  return [...new Set(named)].filter((name) => dynamic(name) === undefined && !(name in ids));
}

/** The body's JSON text with each generated stand-in for a resource replaced by the target's id. */
function withReferences(text: string, probe: Probe, ids: Record<string, string>): string {
  return (probe.references ?? []).reduce(
    (out, r) => (ids[r.id] === undefined ? out : out.replaceAll(JSON.stringify(r.stand), JSON.stringify(ids[r.id]))),
    text,
  );
}

export function resolvePath(path: string, ids: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = dynamic(name) ?? ids[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

export function originOf(origins: ByApi<string>, api: string): string {
  const origin = origins[api];
  if (origin === undefined) throw new ConfigError(`the target has no origin for the ${api} API`);
  return origin;
}

const BASE_HEADERS = { Accept: "application/json", "X-Locale": "en-US", "MS-PartnerCenter-Application": "pc-contract" };

/** Every request carries fresh correlation ids (headers.md: "reset for every call"), so a service owner can find it. */
export function buildRequest(probe: Probe, origins: ByApi<string>, ids: Record<string, string>, authorization?: string): OutgoingRequest {
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    "MS-CorrelationId": randomUUID(),
    "MS-RequestId": randomUUID(),
  };
  if (authorization) headers.Authorization = authorization;
  let body: Uint8Array | undefined;
  if (probe.body) {
    if ("json" in probe.body) {
      body = Buffer.from(withReferences(JSON.stringify(probe.body.json), probe, ids));
      headers["Content-Type"] = "application/json";
    } else if ("text" in probe.body) {
      body = Buffer.from(withReferences(probe.body.text, probe, ids));
      headers["Content-Type"] = probe.body.contentType ?? "text/plain";
    } else if ("base64" in probe.body) {
      body = Buffer.from(probe.body.base64, "base64");
      headers["Content-Type"] = probe.body.contentType ?? "application/octet-stream";
    } else {
      body = Buffer.alloc(probe.body.filler, "a");
      headers["Content-Type"] = probe.body.contentType ?? "application/octet-stream";
    }
  }
  Object.assign(headers, probe.headers);
  return {
    method: probe.method,
    url: `${originOf(origins, probe.api)}${resolvePath(probe.path, ids)}`,
    headers,
    ...(body ? { body } : {}),
    ...(probe.chunked ? { chunked: true } : {}),
  };
}
