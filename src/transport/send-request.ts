import { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import { Agent, buildConnector, request, type Dispatcher } from "undici";
import { toHeaderMap, type Exchange } from "./exchange.js";
import { decodeBody } from "./decode-body.js";
import { classifyTransportError } from "./transport-error.js";
import { needsRawSocket, sendRaw } from "./raw-send.js";

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Bytes are sent with Content-Length; `chunked` sends the same bytes with Transfer-Encoding: chunked and no length. */
  body?: Uint8Array;
  chunked?: boolean;
}

export interface SendOptions {
  dispatcher?: Dispatcher;
  /** Deadline for the whole exchange, headers and body. */
  timeoutMs?: number;
  /** Largest decoded body kept (the dispatcher caps the bytes on the wire). */
  maxBodyBytes?: number;
  /** PC_RESOLVE, for a request sent over a socket of its own (the dispatcher's connector has it otherwise). */
  resolve?: Readonly<Record<string, string>>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * The connection pool every exchange of a target goes through. `resolve` (PC_RESOLVE, curl's --resolve) sends
 * connections for `host:port` to another address; the Host header, TLS server name and certificate check
 * keep the host, as curl does.
 */
export function createDispatcher(maxResponseSize = DEFAULT_MAX_RESPONSE_BYTES, resolve?: Readonly<Record<string, string>>): Dispatcher {
  return new Agent({ maxResponseSize, connections: 8, keepAliveTimeout: 2_000, ...(resolve ? { connect: resolvingConnector(resolve) } : {}) });
}

function resolvingConnector(resolve: Readonly<Record<string, string>>): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    const port = options.port || (options.protocol === "https:" ? "443" : "80");
    const address = resolve[`${options.hostname.toLowerCase()}:${Number(port)}`];
    if (!address) return connect(options, callback);
    // undici names the TLS server after options.host (the Host header's value): it stays the original host.
    return connect({ ...options, hostname: address, servername: options.servername ?? options.hostname }, callback);
  };
}

/**
 * The abort signal of one exchange: undici takes an EventEmitter with `aborted` and `reason` as well as an
 * AbortSignal; an AbortController with its EventTarget took ~13 µs a case in the bench's profile, a twelfth of
 * what the harness adds to a raw exchange.
 */
class DeadlineSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }
}

/** A stream has no known length, so undici sends it chunked, without Content-Length. */
const chunks = (bytes: Uint8Array): Readable => Readable.from([Buffer.from(bytes)]);

/**
 * Sends one request and captures the exchange. Never judges: every status comes back as data and the
 * body is always read to the end. Throws only TransportError (refused, reset, timeout, oversize...).
 */
export async function sendRequest(outgoing: OutgoingRequest, options: SendOptions = {}): Promise<Exchange> {
  const startedAt = new Date();
  const started = performance.now();
  // One deadline for the whole exchange, headers and body: undici's own timers restart on every byte or 1xx
  // response, so a target sending endless 102 Processing, or one byte a second, would outlive them.
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (needsRawSocket(outgoing.headers)) {
    return sendRaw(outgoing, { timeoutMs, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES, resolve: options.resolve });
  }
  const body = outgoing.body && outgoing.chunked ? chunks(outgoing.body) : outgoing.body;
  const signal = new DeadlineSignal();
  const deadline = setTimeout(() => signal.abort(Object.assign(new Error(`the deadline of ${timeoutMs} ms passed`), { name: "TimeoutError" })), timeoutMs);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(outgoing.url, {
      method: outgoing.method as Dispatcher.HttpMethod,
      headers: outgoing.headers,
      ...(body !== undefined ? { body } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (error) {
    clearTimeout(deadline);
    throw classifyTransportError(error, outgoing.method, outgoing.url);
  }
  const responseHeaders = toHeaderMap(response.headers);
  try {
    const received = new Uint8Array(await response.body.arrayBuffer());
    const decoded = decodeBody(
      received,
      responseHeaders["content-encoding"]?.join(","),
      options.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      outgoing.method,
      outgoing.url,
    );
    const sentHeaders = toHeaderMap(outgoing.headers);
    if (outgoing.body && !outgoing.chunked) sentHeaders["content-length"] ??= [String(outgoing.body.byteLength)];
    if (outgoing.chunked) sentHeaders["transfer-encoding"] = ["chunked"];
    return {
      request: { method: outgoing.method, url: outgoing.url, headers: sentHeaders, ...(outgoing.body ? { body: outgoing.body } : {}) },
      response: { status: response.statusCode, headers: responseHeaders, body: decoded.body, ...(decoded.problem ? { decodingProblem: decoded.problem } : {}) },
      timing: { startedAt: startedAt.toISOString(), durationMs: Math.round((performance.now() - started) * 10) / 10 },
    };
  } catch (error) {
    throw classifyTransportError(error, outgoing.method, outgoing.url, { status: response.statusCode, contentLength: responseHeaders["content-length"]?.[0] });
  } finally {
    clearTimeout(deadline);
  }
}
