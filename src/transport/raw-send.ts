import { connect as connectTcp, isIP, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { TransportError } from "../errors.js";
import { decodeBody } from "./decode-body.js";
import { toHeaderMap, type Exchange, type HeaderMap } from "./exchange.js";
import type { OutgoingRequest } from "./send-request.js";
import { classifyTransportError } from "./transport-error.js";

/**
 * A header whose name or value holds CR, LF or NUL: undici and Node's own client refuse to send one (as a
 * client should: it splits requests), so a case that sends one on purpose (RFC 9110 §5.5: a recipient "MUST
 * either reject the message or replace each of those characters with SP") goes over a socket of its own.
 */
export function needsRawSocket(headers: Readonly<Record<string, string>>): boolean {
  for (const name of Object.keys(headers)) if (breaksHeader(name, headers[name]!)) return true;
  return false;
}

/** CR, LF or NUL in a header's name or value: what HTTP clients refuse to write. */
const CONTROL = /[\r\n\0]/;
export const breaksHeader = (name: string, value: string): boolean => CONTROL.test(name) || CONTROL.test(value);

export interface RawSendOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  /** `host:port` to the address its connection goes to (PC_RESOLVE), as the pool's connector does. */
  resolve?: Readonly<Record<string, string>> | undefined;
}

/** Headers the sender writes itself: the connection is its own and closes after the answer. */
const OWN = new Set(["host", "connection", "content-length", "transfer-encoding"]);

/** The request's bytes as they go on the wire: head (latin1, as undici writes it) and body, chunked where asked; `sent`, its headers. */
export function requestBytes(outgoing: OutgoingRequest): { bytes: Buffer; sent: HeaderMap } {
  const url = new URL(outgoing.url);
  const sent = toHeaderMap(Object.entries(outgoing.headers).filter(([name]) => !OWN.has(name.toLowerCase())));
  sent.connection = ["close"];
  const body = outgoing.body ? Buffer.from(outgoing.body) : undefined;
  if (body && outgoing.chunked) sent["transfer-encoding"] = ["chunked"];
  else if (body) sent["content-length"] = [String(body.byteLength)];
  // Names in lower case, as the exchange records them: the reproduction then writes the very same bytes.
  const lines = [`${outgoing.method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, values] of Object.entries(sent)) for (const value of values) lines.push(`${name}: ${value}`);
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return { bytes: Buffer.concat([head, ...(body ? [framedBody(body, outgoing.chunked === true)] : [])]), sent };
}

/** A body as it goes on the wire: as it is, or as one chunk and the last. */
export const framedBody = (body: Uint8Array, chunked: boolean): Buffer =>
  chunked ? Buffer.concat([Buffer.from(`${body.byteLength.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]) : Buffer.from(body);

type Parsed = { status: number; headers: HeaderMap; body: Buffer } | "incomplete";

const HEAD_END = Buffer.from("\r\n\r\n");

/** A chunked body's data, or "incomplete" until its last chunk has arrived. */
function unchunk(bytes: Buffer): Buffer | "incomplete" | { malformed: string } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd < 0) return "incomplete";
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString("latin1").split(";")[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return { malformed: `a chunk size that is no hexadecimal number at byte ${at} of the body` };
    at = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts);
    if (bytes.byteLength < at + size + 2) return "incomplete";
    parts.push(bytes.subarray(at, at + size));
    at += size + 2;
  }
}

/**
 * One HTTP/1.1 response from the bytes received so far: "incomplete" until it is whole (`ended`: the server has
 * closed, so a body without a length ends here and anything short is truncated). Interim 1xx answers are skipped.
 */
export function parseResponse(received: Buffer, method: string, url: string, ended: boolean): Parsed {
  let bytes = received;
  for (;;) {
    const headEnd = bytes.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (!ended) return "incomplete";
      throw new TransportError(
        bytes.byteLength ? "protocol" : "reset",
        method,
        url,
        bytes.byteLength ? "the connection closed inside the response head" : "the connection closed with no response",
      );
    }
    const [statusLine = "", ...lines] = bytes.subarray(0, headEnd).toString("latin1").split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
    if (!status) throw new TransportError("protocol", method, url, `no HTTP/1.1 status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const fields: [string, string][] = [];
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw new TransportError("protocol", method, url, `a response header line without a name: ${JSON.stringify(line.slice(0, 80))}`);
      fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
    const headers = toHeaderMap(fields);
    const code = Number(status[1]);
    const rest = bytes.subarray(headEnd + 4);
    if (code >= 100 && code < 200 && code !== 101) {
      bytes = rest;
      continue;
    }
    if (method.toUpperCase() === "HEAD" || code === 204 || code === 304) return { status: code, headers, body: Buffer.alloc(0) };
    const coding = headers["transfer-encoding"]?.join(",").toLowerCase();
    if (coding?.includes("chunked")) {
      const body = unchunk(rest);
      if (typeof body === "object" && "malformed" in body) throw new TransportError("protocol", method, url, body.malformed);
      if (body !== "incomplete") return { status: code, headers, body };
      if (!ended) return "incomplete";
      throw new TransportError("truncated", method, url, `status ${code} and headers arrived (chunked), then the connection closed before the last chunk`);
    }
    const length = headers["content-length"]?.[0];
    if (length !== undefined) {
      const wanted = Number(length);
      if (!Number.isSafeInteger(wanted) || wanted < 0)
        throw new TransportError("protocol", method, url, `Content-Length ${JSON.stringify(length)} is no length`);
      if (rest.byteLength >= wanted) return { status: code, headers, body: rest.subarray(0, wanted) };
      if (!ended) return "incomplete";
      throw new TransportError(
        "truncated",
        method,
        url,
        `status ${code} and headers arrived (Content-Length ${wanted}), then the connection closed after ${rest.byteLength} bytes`,
      );
    }
    return ended ? { status: code, headers, body: rest } : "incomplete";
  }
}

function open(url: URL, resolve: RawSendOptions["resolve"]): Socket {
  const https = url.protocol === "https:";
  const port = Number(url.port || (https ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const address = resolve?.[`${host.toLowerCase()}:${port}`] ?? host;
  if (!https) return connectTcp({ host: address, port });
  return connectTls({ host: address, port, ALPNProtocols: ["http/1.1"], ...(isIP(host) ? {} : { servername: host }) });
}

/**
 * Sends one request over a socket of its own and reads the one answer, under the same deadline and size cap as
 * the pool: for requests the pool will not send (see needsRawSocket). Throws only TransportError.
 */
export function sendRaw(outgoing: OutgoingRequest, options: RawSendOptions): Promise<Exchange> {
  const startedAt = new Date();
  const started = performance.now();
  const url = new URL(outgoing.url);
  const { bytes, sent } = requestBytes(outgoing);
  // The head of an answer is small; what passes the cap by more than 64 KiB is the body's.
  const cap = options.maxBodyBytes + 64 * 1024;
  return new Promise<Exchange>((resolve, reject) => {
    // What has arrived, in one buffer that doubles as it fills: parsed after every read without copying it all again.
    let received = Buffer.allocUnsafe(16 * 1024);
    let size = 0;
    let settled = false;
    const socket = open(url, options.resolve);
    const finish = (result: Parsed | Error) => {
      if (settled || result === "incomplete") return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      if (result instanceof Error) return reject(classifyTransportError(result, outgoing.method, outgoing.url));
      try {
        const decoded = decodeBody(result.body, result.headers["content-encoding"]?.join(","), options.maxBodyBytes, outgoing.method, outgoing.url);
        resolve({
          request: { method: outgoing.method, url: outgoing.url, headers: sent, ...(outgoing.body ? { body: outgoing.body } : {}) },
          response: { status: result.status, headers: result.headers, body: decoded.body, ...(decoded.problem ? { decodingProblem: decoded.problem } : {}) },
          timing: { startedAt: startedAt.toISOString(), durationMs: Math.round((performance.now() - started) * 10) / 10 },
        });
      } catch (error) {
        reject(classifyTransportError(error, outgoing.method, outgoing.url));
      }
    };
    const parse = (ended: boolean) => {
      try {
        finish(parseResponse(received.subarray(0, size), outgoing.method, outgoing.url, ended));
      } catch (error) {
        finish(error as Error);
      }
    };
    const deadline = setTimeout(
      () => finish(new TransportError("timeout", outgoing.method, outgoing.url, `no complete response within the deadline of ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    socket.on("error", (error) => finish(error));
    socket.on("data", (chunk: Buffer) => {
      if (size + chunk.byteLength > cap) return finish(new TransportError("oversize", outgoing.method, outgoing.url, `the response passed ${cap} bytes`));
      if (size + chunk.byteLength > received.byteLength) {
        const grown = Buffer.allocUnsafe(Math.min(cap, Math.max(received.byteLength * 2, size + chunk.byteLength)));
        received.copy(grown, 0, 0, size);
        received = grown;
      }
      chunk.copy(received, size);
      size += chunk.byteLength;
      parse(false);
    });
    socket.on("end", () => parse(true));
    socket.on("close", () => parse(true));
    // A server may answer (a 400, a 431) before the request is all written, and close: what it answered stands.
    socket.write(bytes, (error) => {
      if (error && size === 0) finish(error);
    });
  });
}
