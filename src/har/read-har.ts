import { readFileSync, statSync } from "node:fs";
import { HarError } from "../errors.js";
import type { Har, HarEntry } from "./har.js";

/** The caps a HAR file is held to: its size, and the body a repeated-byte request may stand for. */
export const HAR_LIMITS = { bytes: 256 * 1024 * 1024, repeatedBody: 64 * 1024 * 1024 } as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const type = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Holds a value read from a HAR to what the harness needs of it, naming the entry and the field when it is wrong. */
class Place {
  constructor(
    readonly file: string,
    readonly at: string,
  ) {}
  fail(problem: string): never {
    throw new HarError(this.file, this.at, problem);
  }
  in(key: string | number): Place {
    return new Place(this.file, typeof key === "number" ? `${this.at}[${key}]` : `${this.at}.${key}`);
  }
}

function object(value: unknown, place: Place): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) place.fail(`must be an object, got ${type(value)}`);
  return value as Record<string, unknown>;
}

function string(value: unknown, place: Place, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== "string") place.fail(`must be a string, got ${type(value)}`);
}

function headers(value: unknown, place: Place): void {
  if (!Array.isArray(value)) place.fail(`must be an array, got ${type(value)}`);
  (value as unknown[]).forEach((h, i) => {
    const header = object(h, place.in(i));
    string(header.name, place.in(i).in("name"));
    string(header.value, place.in(i).in("value"));
  });
}

/** A body as HAR keeps it: text, base64 when `encoding` says so (the only encoding HAR 1.2 names). */
function body(value: Record<string, unknown>, place: Place): void {
  string(value.text, place.in("text"), true);
  if (value.encoding === undefined) return;
  if (value.encoding !== "base64") place.in("encoding").fail(`"${String(value.encoding).slice(0, 20)}" is not an encoding HAR 1.2 knows (base64)`);
  if (typeof value.text === "string" && !BASE64.test(value.text.replace(/\s/g, ""))) place.in("text").fail("is not base64");
}

function validEntry(entry: unknown, file: string, index: number): HarEntry {
  const place = new Place(file, `log.entries[${index}]`);
  const e = object(entry, place);
  const request = object(e.request, place.in("request"));
  if (typeof request.method !== "string" || typeof request.url !== "string") place.in("request").fail("needs method and url");
  headers(request.headers, place.in("request").in("headers"));
  const url = URL.canParse(request.url as string)
    ? new URL(request.url as string)
    : place
        .in("request")
        .in("url")
        .fail(`"${String(request.url).slice(0, 80)}" is not an absolute URL`);
  // A HAR records HTTP exchanges: javascript:, data: or file: is no request a Partner Center API answered.
  if (url.protocol !== "https:" && url.protocol !== "http:") place.in("request").in("url").fail(`is a ${url.protocol} URL, not http(s)`);
  if (request.postData !== undefined) {
    const post = object(request.postData, place.in("request").in("postData"));
    body(post, place.in("request").in("postData"));
    if (post._pcRepeat !== undefined) {
      const repeat = object(post._pcRepeat, place.in("request").in("postData").in("_pcRepeat"));
      const at = place.in("request").in("postData").in("_pcRepeat");
      if (!Number.isInteger(repeat.byte) || (repeat.byte as number) < 0 || (repeat.byte as number) > 255) at.in("byte").fail("must be a byte, 0 to 255");
      if (!Number.isInteger(repeat.count) || (repeat.count as number) < 0 || (repeat.count as number) > HAR_LIMITS.repeatedBody) {
        at.in("count").fail(`must be a whole number from 0 to ${HAR_LIMITS.repeatedBody} (the largest body a case sends)`);
      }
    }
  }
  const response = object(e.response, place.in("response"));
  if (typeof response.status !== "number" || !Number.isInteger(response.status)) place.in("response").fail("needs a numeric status");
  headers(response.headers, place.in("response").in("headers"));
  body(object(response.content, place.in("response").in("content")), place.in("response").in("content"));
  for (const key of ["_pcExpected", "_pcTolerated"] as const) {
    const list = e[key];
    if (list !== undefined && (!Array.isArray(list) || !list.every((s) => Number.isInteger(s)))) place.in(key).fail("must be a list of statuses");
  }
  if (e._pcEdge !== undefined && e._pcEdge !== true) place.in("_pcEdge").fail("must be true when present");
  return e as unknown as HarEntry;
}

export function readHar(file: string): Har {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > HAR_LIMITS.bytes) throw new HarError(file, "file", `is ${size} bytes, more than the ${HAR_LIMITS.bytes} a HAR may be here`);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof HarError) throw error;
    throw new HarError(file, "file", `cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HarError(file, "file", `is not JSON (${(error as Error).message})`);
  }
  const log = (json as { log?: Har["log"] } | null)?.log;
  if (!log || typeof log !== "object") throw new HarError(file, "log", "is missing: not a HAR file");
  if (!Array.isArray(log.entries)) throw new HarError(file, "log.entries", "is not an array");
  return { log: { ...log, entries: log.entries.map((e, i) => validEntry(e, file, i)) } };
}
