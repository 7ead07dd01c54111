import type { MockRequest } from "./router.js";

export type BodyProblem = { kind: "content-type"; received: string } | { kind: "syntax"; detail: string } | { kind: "empty" };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Reads a JSON request body; the caller turns a problem into its API's error. */
export function readJsonBody(request: MockRequest): { value: unknown } | { problem: BodyProblem } {
  const type = request.headers["content-type"];
  if (!type || !JSON_TYPE.test(type)) return { problem: { kind: "content-type", received: type ?? "none" } };
  const text = request.body.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") return { problem: { kind: "empty" } };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: { kind: "syntax", detail: (error as Error).message } };
  }
}

export const isGuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
