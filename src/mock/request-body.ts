import type { MockRequest } from "./router.js";

export type BodyProblem = { kind: "content-type"; received: string } | { kind: "syntax"; detail: string } | { kind: "empty" };

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Reads a JSON request body; the caller turns a problem into its API's error. */
export function readJsonBody(request: MockRequest): { value: unknown } | { problem: BodyProblem } {
  const type = request.headers["content-type"];
  if (!type || !JSON_TYPE.test(type)) return { problem: { kind: "content-type", received: type ?? "none" } };
  let text: string;
  try {
    // JSON is UTF-8 (RFC 8259 §8.1): bytes that are no UTF-8 (a UTF-16 body among them) make no JSON text.
    text = UTF8.decode(request.body).replace(/^\uFEFF/, "");
  } catch {
    return { problem: { kind: "syntax", detail: "the body is not UTF-8" } };
  }
  if (text.trim() === "") return { problem: { kind: "empty" } };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: { kind: "syntax", detail: (error as Error).message } };
  }
}

export const isGuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
