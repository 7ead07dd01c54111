import { TransportError, type TransportFault } from "../errors.js";

const FAULT_BY_CODE: Record<string, TransportFault> = {
  ECONNREFUSED: "refused",
  ECONNRESET: "reset",
  EPIPE: "reset",
  UND_ERR_SOCKET: "reset",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  ABORT_ERR: "timeout",
  UND_ERR_ABORTED: "timeout",
  UND_ERR_RES_EXCEEDED_MAX_SIZE: "oversize",
  UND_ERR_HEADERS_OVERFLOW: "oversize",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "truncated",
  HPE_INVALID_CONSTANT: "protocol",
  UND_ERR_INFO: "protocol",
};

/** Set when the status and headers had arrived and the body failed: the fault then lies in the body. */
export interface AfterHeaders {
  status: number;
  contentLength?: string | undefined;
}

export function classifyTransportError(error: unknown, method: string, url: string, afterHeaders?: AfterHeaders): TransportError {
  if (error instanceof TransportError) return error;
  const e = error as { code?: unknown; name?: string; message?: string; cause?: { code?: unknown } };
  // AbortSignal.timeout() rejects with a DOMException named TimeoutError, whose numeric code means nothing here.
  const aborted = e.name === "TimeoutError" || e.name === "AbortError";
  const code = aborted ? "ABORT_ERR" : ([e.code, e.cause?.code].find((c): c is string => typeof c === "string") ?? "");
  let fault: TransportFault = FAULT_BY_CODE[code] ?? (/certificate|ssl|tls/i.test(e.message ?? "") ? "tls" : "other");
  const detail = `${code ? `${code} ` : ""}${e.message ?? String(error)}`.trim();
  if (!afterHeaders) return new TransportError(fault, method, url, fault === "timeout" ? `no response within the deadline (${detail})` : detail);
  if (fault === "reset") fault = "truncated";
  const length = afterHeaders.contentLength ? `Content-Length ${afterHeaders.contentLength}` : "no Content-Length";
  const what =
    { timeout: "did not finish within the deadline", truncated: "was cut off: the connection closed first", oversize: "passed the size cap" }[
      fault as string
    ] ?? "failed";
  return new TransportError(fault, method, url, `status ${afterHeaders.status} and headers arrived (${length}), then the body ${what} (${detail})`);
}
