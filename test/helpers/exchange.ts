import { toHeaderMap, type Exchange } from "../../src/transport/exchange.js";

export interface ExchangeInput {
  status: number;
  body?: unknown;
  /** Raw body text or bytes, instead of a JSON value. */
  raw?: string | Uint8Array;
  headers?: Record<string, string | string[]>;
  method?: string;
  /** Why the response's Content-Encoding could not be undone. */
  decodingProblem?: string;
  requestHeaders?: Record<string, string>;
}

/** A captured exchange for unit tests; JSON bodies are labelled as JSON unless headers say otherwise. */
export function exchange(input: ExchangeInput): Exchange {
  const body =
    input.raw !== undefined
      ? typeof input.raw === "string"
        ? Buffer.from(input.raw)
        : input.raw
      : input.body === undefined
        ? new Uint8Array()
        : Buffer.from(JSON.stringify(input.body));
  const headers = { ...(input.body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}), ...input.headers };
  return {
    request: { method: input.method ?? "GET", url: "https://api.example.test/v1/customers", headers: toHeaderMap(input.requestHeaders ?? {}) },
    response: {
      status: input.status,
      headers: toHeaderMap(headers),
      body: new Uint8Array(body),
      ...(input.decodingProblem ? { decodingProblem: input.decodingProblem } : {}),
    },
    timing: { startedAt: new Date(0).toISOString(), durationMs: 1 },
  };
}

export const coreBody = (over: Record<string, unknown> = {}) => ({
  code: "800002",
  description: "Invalid request input",
  data: [],
  source: "PartnerFD",
  ...over,
});
export const referralsBody = (error: Record<string, unknown> = {}) => ({
  error: {
    code: "invalidRequest",
    message: "The request is malformed or incorrect.",
    innerError: { code: "99901", message: "InvalidInput", details: null },
    ...error,
  },
});
