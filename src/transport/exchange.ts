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

/**
 * Without a prototype: a target's header named `__proto__` or `constructor` is one more header, not
 * Object.prototype's (a `{}` map threw on it, and the harness crashed on the target's answer).
 */
export function toHeaderMap(input: Record<string, string | string[] | undefined> | Iterable<[string, string]>): HeaderMap {
  const map: HeaderMap = Object.create(null) as HeaderMap;
  if (Symbol.iterator in input) {
    for (const [name, value] of input as Iterable<[string, string]>) addValues(map, name, value);
    return map;
  }
  for (const name of Object.keys(input)) addValues(map, name, input[name]);
  return map;
}

function addValues(map: HeaderMap, name: string, value: string | string[] | undefined): void {
  if (value === undefined) return;
  const key = name.toLowerCase();
  const values = map[key] ?? (map[key] = []);
  if (typeof value === "string") values.push(value);
  else for (const v of value) values.push(v);
}
