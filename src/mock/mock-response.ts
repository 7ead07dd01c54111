import type { ApiName, ErrorSpec } from "../contract/api-profile.js";
import { profileOf } from "../contract/apis/registry.js";
import { EXIT, PcContractError } from "../errors.js";

/** A response before it is written: defects rewrite this, then the server serializes it. */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value to serialize, or raw bytes / text already serialized, or nothing (then `spec` is rendered). */
  json?: unknown;
  raw?: Buffer | string;
  /** Set on error responses: which API's contract they answer for (the defects rewrite only these). */
  errorOf?: ApiName;
  /** The error, described neutrally: rendered into `errorOf`'s envelope when the response is written. */
  spec?: ErrorSpec;
  /** Set when the body was refused (by the request schema, or for an id in it that names nothing): the status a mock that skipped the check would give. */
  invalidBodyWouldGet?: number;
  /** With invalidBodyWouldGet: every fault is one a lenient deserializer lets through (a coercible value, a limit the documents do not state). */
  lenientWouldAccept?: boolean;
  /** The named template the error came from, for defects that rewrite one kind of error. */
  template?: string;
}

/** Thrown by a handler to answer with an error; the server catches it and writes the response. */
export class MockFailure extends PcContractError {
  static override readonly code: string = "PC_ERR_MOCK_ANSWER";
  constructor(readonly response: MockResponse) {
    super(`mock answers ${response.status}`, { exit: EXIT.harness, kind: "mock answer" });
  }
}

export const jsonResponse = (status: number, json: unknown, headers: Record<string, string> = {}): MockResponse => ({ status, headers, json });

/** An error response of an API, from its neutral description. */
export const errorResponse = (api: ApiName, status: number, spec: ErrorSpec, headers: Record<string, string> = {}, template?: string): MockResponse => ({
  status,
  headers,
  ...(template ? { template } : {}),
  errorOf: api,
  spec,
});

/** The JSON a response carries: its own, or its error rendered in its API's envelope. */
export function jsonOf(response: MockResponse): unknown {
  if (response.json !== undefined || response.raw !== undefined) return response.json;
  return response.spec && response.errorOf ? profileOf(response.errorOf).renderError(response.spec) : undefined;
}
