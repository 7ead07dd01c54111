import type { ApiName } from "../contract/types.js";

/** A response before it is written: defects rewrite this, then the server serializes it. */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value to serialize, or raw bytes / text already serialized, or nothing. */
  json?: unknown;
  raw?: Buffer | string;
  /** Set on error responses: which API's contract they answer for (the defects rewrite only these). */
  errorOf?: ApiName;
  /** Set when the body failed the operation's request schema: the status a mock that skipped validation would give. */
  invalidBodyWouldGet?: number;
}

/** Thrown by a handler to answer with an error template; the server catches it and writes the response. */
export class MockFailure extends Error {
  constructor(readonly response: MockResponse) {
    super(`mock answers ${response.status}`);
  }
}

export const jsonResponse = (status: number, json: unknown, headers: Record<string, string> = {}): MockResponse => ({
  status,
  headers,
  json,
});
