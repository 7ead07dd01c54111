import type { CapturedRequest } from "./exchange.js";
import { hasUnsafe } from "./printable.js";
import { breaksHeader, framedBody } from "./raw-send.js";
import { redactHeaderValue } from "./redact.js";

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
/** Bodies up to this size are written into the command line itself. */
export const INLINE_BODY_LIMIT = 4096;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A printf format (for a single-quoted shell word) that writes the bytes exactly, NUL included, which no shell string can hold. */
function printfFormat(bytes: Uint8Array): string {
  let format = "";
  for (const b of bytes) {
    const plain = b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c && b !== 0x25;
    format += plain ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return format;
}

const printfBytes = (bytes: Uint8Array): string => `@<(printf '${printfFormat(bytes)}')`;

const isBearer = (name: string, value: string) => name === "authorization" && /^bearer\s/i.test(value);

/**
 * The request's bytes written by printf into nc (http) or openssl s_client (https), with the token from
 * $PC_TOKEN: for a header with CR, LF or NUL in it, which curl (like every HTTP client) will not send as it is.
 */
function renderRaw(request: CapturedRequest): string {
  const url = new URL(request.url);
  const https = url.protocol === "https:";
  const port = url.port || (https ? "443" : "80");
  const format = [printfFormat(Buffer.from(`${request.method.toUpperCase()} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`, "latin1"))];
  const args: string[] = [];
  for (const [name, values] of Object.entries(request.headers)) {
    for (const value of values) {
      if (isBearer(name, value)) {
        format.push(`${name}: Bearer %s\\r\\n`);
        args.push('"$PC_TOKEN"');
      } else format.push(printfFormat(Buffer.from(`${name}: ${redactHeaderValue(name, value)}\r\n`, "latin1")));
    }
  }
  format.push("\\r\\n");
  if (request.body) format.push(printfFormat(framedBody(request.body, request.headers["transfer-encoding"]?.includes("chunked") === true)));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const connect = https ? `openssl s_client -quiet -connect ${quote(`${host}:${port}`)} -servername ${quote(host)}` : `nc ${quote(host)} ${port}`;
  return `printf '${format.join("")}'${args.map((a) => ` ${a}`).join("")} | ${connect}`;
}

/** A header curl cannot send as it is: CR, LF or NUL in its name or value. */
const rawOnly = (request: CapturedRequest) => Object.entries(request.headers).some(([name, values]) => values.some((v) => breaksHeader(name, v)));

/** One byte repeated: compared a block at a time (a 10 MiB filler byte by byte in a closure took 20 ms a call). */
function uniform(bytes: Uint8Array): boolean {
  if (bytes.byteLength === 0) return true;
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const block = Buffer.alloc(Math.min(64 * 1024, all.length), all[0]!);
  for (let at = 0; at < all.length; at += block.length) {
    const end = Math.min(at + block.length, all.length);
    if (all.compare(block, 0, end - at, at, end) !== 0) return false;
  }
  return true;
}

function printableText(bytes: Uint8Array): string | undefined {
  try {
    const text = decoder.decode(bytes);
    // What a terminal would act on (and the console escapes) cannot travel in a quoted shell word.
    return hasUnsafe(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** How a request body has to travel in a curl line: inline, as a generated filler, or from a file. */
export function bodyForm(bytes: Uint8Array): "inline" | "filler" | "file" {
  if (bytes.byteLength > INLINE_BODY_LIMIT) return uniform(bytes) ? "filler" : "file";
  return "inline";
}

export interface CurlOptions {
  /** Where the body was written, for a body too large to inline that is not one byte repeated. */
  bodyFile?: string;
}

/**
 * A curl command that sends the same request, byte for byte, with credentials replaced by an environment
 * variable (a printf into nc or openssl where curl cannot send a header as it is: see renderRaw). A large body of one repeated byte (the 413 filler) is generated; another large body is read
 * from `bodyFile`, or, without one, written
 * by printf byte by byte.
 */
export function renderCurl(request: CapturedRequest, options: CurlOptions = {}): string {
  if (rawOnly(request)) return renderRaw(request);
  const parts = ["curl", "-i"];
  const method = request.method.toUpperCase();
  if (method === "HEAD") parts.push("-I");
  else if (method !== "GET" || request.body) parts.push("-X", method);
  parts.push(quote(request.url));
  for (const [name, values] of Object.entries(request.headers)) {
    if (name === "content-length") continue;
    for (const value of values) {
      const shown = isBearer(name, value) ? "Bearer $PC_TOKEN" : redactHeaderValue(name, value);
      parts.push("-H", name === "authorization" && shown.includes("$") ? `"${name}: ${shown}"` : quote(`${name}: ${shown}`));
    }
  }
  const body = request.body;
  if (body && body.byteLength > 0) {
    const form = bodyForm(body);
    if (form === "filler") {
      const byte = body[0]!;
      const char = /[A-Za-z0-9]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, "0")}`;
      parts.push("--data-binary", `@<(head -c ${body.byteLength} /dev/zero | tr '\\0' '${char}')`);
    } else if (form === "file" && options.bodyFile) {
      parts.push("--data-binary", `@${quote(options.bodyFile)}`);
    } else {
      // --data-raw: a body that starts with @ is sent as it is, not read as a file name.
      const text = body.byteLength <= INLINE_BODY_LIMIT ? printableText(body) : undefined;
      if (text !== undefined) parts.push("--data-raw", quote(text));
      else parts.push("--data-binary", printfBytes(body));
    }
  }
  return parts.join(" ");
}
