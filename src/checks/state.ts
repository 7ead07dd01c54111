import { createHash } from "node:crypto";
import { headerValue, type Exchange } from "../transport/exchange.js";
import { defineCheck } from "./check.js";

/** What a documented read showed of the state a write would change, at one moment. */
export interface Snapshot {
  /** Comparable form: `etag "..."`, `body sha256:...` or `ids sha256:...`; absent when the read showed nothing usable. */
  fingerprint?: string;
  /** The item ids of a list read, for naming what came or went. */
  ids?: string[];
  /** In words: "ETag \"x\"", "6 items", "a 404": for the finding. */
  shown: string;
}

/**
 * A resource the write must leave as it was (the case expects a rejection): its documented read, before and
 * after the write.
 */
export interface StateFrame {
  /** The read's URL, naming the resource or the list. */
  resource: string;
  before: Snapshot;
  after: Snapshot;
}

const digest = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;

/** The JSON with its keys sorted, so two equal bodies compare equal however the service orders their keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

function parsed(exchange: Exchange): unknown {
  try {
    return JSON.parse(
      Buffer.from(exchange.response.body)
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
    );
  } catch {
    return undefined;
  }
}

/**
 * A read's answer as a snapshot: a resource by its ETag, else its body; a list by the ids of its items (the
 * core API's `items`, the Referrals API's `value`), else its body. A read that did not answer 2xx shows nothing.
 */
export function snapshotOf(exchange: Exchange, kind: "resource" | "list"): Snapshot {
  const { status } = exchange.response;
  if (status < 200 || status >= 300) return { shown: `a ${status}` };
  const etag = headerValue(exchange.response.headers, "etag");
  if (kind === "resource" && etag) return { fingerprint: `etag ${etag}`, shown: `ETag ${etag}` };
  const json = parsed(exchange);
  const list =
    kind === "list" && json && typeof json === "object" ? ((json as { items?: unknown }).items ?? (json as { value?: unknown }).value ?? json) : undefined;
  if (Array.isArray(list)) {
    const ids = list.map((item) => String((item as { id?: unknown } | null)?.id ?? canonical(item))).sort();
    return { fingerprint: `ids ${digest(ids.join("\n"))}`, ids, shown: `${ids.length} items` };
  }
  const text = json === undefined ? Buffer.from(exchange.response.body).toString("utf8") : canonical(json);
  return { fingerprint: `body ${digest(text)}`, shown: `a body of ${exchange.response.body.length} bytes (${digest(text)})` };
}

/** What changed between two snapshots, in words: the ids that came and went, or the two fingerprints. */
function change(frame: StateFrame): string {
  const { before, after } = frame;
  if (before.ids && after.ids) {
    const added = after.ids.filter((id) => !before.ids!.includes(id));
    const removed = before.ids.filter((id) => !after.ids!.includes(id));
    const parts = [added.length ? `new: ${added.slice(0, 5).join(", ")}` : "", removed.length ? `gone: ${removed.slice(0, 5).join(", ")}` : ""].filter(Boolean);
    return `${after.shown}${parts.length ? ` (${parts.join("; ")})` : ""}`;
  }
  return after.shown;
}

export const stateCheck = defineCheck({
  name: "state",
  description:
    "A write the service rejects changes nothing: the documented read of what it would change shows the same before and after (ETag, body, or a list's item ids). A 400 is a request the service 'can't process' (error-codes), one it 'cannot or will not process' (RFC 9110 §15.5.1).",
  rules: {
    "changed-by-rejected-write": {
      severity: "violation",
      summary: "a rejected write leaves the resource as it was (error-codes: 400 'Can't process the request'; RFC 9110 §15.5.1)",
    },
  },
  appliesTo: { errorBody: true },
  run(_exchange, { expect }, report) {
    const frame = expect.unchanged;
    // Either read showed nothing comparable (it failed, or the case got a 2xx): no verdict on the state.
    if (!frame?.before.fingerprint || !frame.after.fingerprint || frame.before.fingerprint === frame.after.fingerprint) return;
    report("changed-by-rejected-write", {
      title: `the rejected write changed ${frame.resource}`,
      expected: `the same as before the write: ${frame.before.shown}`,
      received: change(frame),
      path: `state:${frame.resource}`,
    });
  },
});
