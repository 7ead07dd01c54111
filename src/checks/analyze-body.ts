import { headerValue, type Exchange } from "../transport/exchange.js";

export type EnvelopeShape = "core" | "referrals" | "apim-throttle" | "other-json" | "empty" | "not-json";

export interface BodyAnalysis {
  kind: "empty" | "json" | "not-json";
  /** A UTF-8 byte order mark preceded the body. */
  bom: boolean;
  json?: unknown;
  /** Why the body is not JSON, in words. */
  notJsonReason?: string;
  shape: EnvelopeShape;
  /** Deepest nesting of objects and arrays, measured without recursion. */
  depth: number;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function describeText(text: string): string {
  const start = text.trimStart().slice(0, 60).replace(/\s+/g, " ");
  if (/^<!doctype html|^<html/i.test(start)) return `an HTML page (${JSON.stringify(start)}…)`;
  if (/^<\?xml|^</.test(start)) return `XML or markup (${JSON.stringify(start)}…)`;
  return `text that is not JSON (${JSON.stringify(start)}${text.length > 60 ? "…" : ""})`;
}

export function measureDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > max) max = depth;
    for (const child of Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return max;
}

export function detectShape(json: unknown): EnvelopeShape {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return "other-json";
  const o = json as Record<string, unknown>;
  if ("error" in o && o.error !== null && typeof o.error === "object" && !Array.isArray(o.error)) return "referrals";
  if ("statusCode" in o && "message" in o && !("code" in o)) return "apim-throttle";
  if ("code" in o && ("description" in o || "source" in o)) return "core";
  return "other-json";
}

/** Decodes and classifies a response body once, for every check to read. */
export function analyzeBody(exchange: Exchange): BodyAnalysis {
  const bytes = exchange.response.body;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const payload = bom ? bytes.subarray(3) : bytes;
  if (payload.length === 0) return { kind: "empty", bom, shape: "empty", depth: 0 };
  let text: string;
  try {
    text = decoder.decode(payload);
  } catch {
    return { kind: "not-json", bom, shape: "not-json", depth: 0, notJsonReason: `${payload.length} bytes that are not valid UTF-8` };
  }
  if (text.trim() === "") return { kind: "empty", bom, shape: "empty", depth: 0 };
  try {
    const json: unknown = JSON.parse(text);
    return { kind: "json", bom, json, shape: detectShape(json), depth: measureDepth(json) };
  } catch (error) {
    const type = headerValue(exchange.response.headers, "content-type");
    const what = describeText(text);
    return {
      kind: "not-json",
      bom,
      shape: "not-json",
      depth: 0,
      notJsonReason: `${what}${type ? ` labelled ${type}` : ""}: ${(error as Error).message}`,
    };
  }
}
