import type { ApiProfile, ErrorView } from "../contract/api-profile.js";
import { profileForBody } from "../contract/apis/registry.js";
import { headerValue, type Exchange } from "../transport/exchange.js";

/** The envelope a body has: a registered API's name, a known variant's ("apim-throttle"), or what it is instead. */
export type EnvelopeShape = string;

export interface BodyAnalysis {
  kind: "empty" | "json" | "not-json";
  /** A UTF-8 byte order mark preceded the body. */
  bom: boolean;
  json?: unknown;
  /** Why the body is not JSON, in words. */
  notJsonReason?: string;
  shape: EnvelopeShape;
  /** The error as the judged API's adapter reads it; present only when the body has that API's envelope. */
  view?: ErrorView;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function describeText(text: string): string {
  const start = text.trimStart().slice(0, 60).replace(/\s+/g, " ");
  if (/^<!doctype html|^<html/i.test(start)) return `an HTML page (${JSON.stringify(start)}…)`;
  if (/^<\?xml|^</.test(start)) return `XML or markup (${JSON.stringify(start)}…)`;
  return `text that is not JSON (${JSON.stringify(start)}${text.length > 60 ? "…" : ""})`;
}

/** Which envelope a JSON value has: the judged API's first, then any registered API's, then the judged API's variants. */
export function detectShape(json: unknown, api: ApiProfile): EnvelopeShape {
  const owner = profileForBody(json, api);
  if (owner) return owner.name;
  return api.envelope.variants.find((v) => v.matches(json))?.name ?? "other-json";
}

/** Decodes and classifies a response body once, and reads it into the judged API's view, for every check to read. */
export function analyzeBody(exchange: Exchange, api: ApiProfile): BodyAnalysis {
  const bytes = exchange.response.body;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const payload = bom ? bytes.subarray(3) : bytes;
  if (payload.length === 0) return { kind: "empty", bom, shape: "empty" };
  let text: string;
  try {
    text = decoder.decode(payload);
  } catch {
    return { kind: "not-json", bom, shape: "not-json", notJsonReason: `${payload.length} bytes that are not valid UTF-8` };
  }
  if (text.trim() === "") return { kind: "empty", bom, shape: "empty" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const type = headerValue(exchange.response.headers, "content-type");
    return { kind: "not-json", bom, shape: "not-json", notJsonReason: `${describeText(text)}${type ? ` labelled ${type}` : ""}: ${(error as Error).message}` };
  }
  const shape = detectShape(json, api);
  return { kind: "json", bom, json, shape, ...(shape === api.name ? { view: api.envelope.view(json) } : {}) };
}
