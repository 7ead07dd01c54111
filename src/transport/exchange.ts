/** Header names are lower-case; a repeated header keeps every value in order. */
export type HeaderMap = Record<string, string[]>;

export interface CapturedRequest {
  method: string;
  url: string;
  headers: HeaderMap;
  body?: Uint8Array;
}

export interface CapturedResponse {
  status: number;
  headers: HeaderMap;
  /** The body with transfer and content codings undone (gzip, deflate, br), before any charset decoding. */
  body: Uint8Array;
  /** Set when a Content-Encoding could not be undone: `body` then holds the bytes as received. */
  decodingProblem?: string;
}

export interface Timing {
  startedAt: string;
  durationMs: number;
}

/** One request and its response: the unit every check reads. */
export interface Exchange {
  request: CapturedRequest;
  response: CapturedResponse;
  timing: Timing;
}

export function headerValues(headers: HeaderMap, name: string): string[] {
  return headers[name.toLowerCase()] ?? [];
}

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length ? values.join(", ") : undefined;
}

export function toHeaderMap(input: Record<string, string | string[] | undefined> | Iterable<[string, string]>): HeaderMap {
  const map: HeaderMap = {};
  const entries: Iterable<[string, string | string[] | undefined]> = Symbol.iterator in input ? (input as Iterable<[string, string]>) : Object.entries(input);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    (map[key] ??= []).push(...(Array.isArray(value) ? value : [value]));
  }
  return map;
}
