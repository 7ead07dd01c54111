import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { mockApiFor } from "./apis.js";
import { jsonOf } from "./mock-response.js";

/**
 * Ways a target misbehaves below the contract: at the socket, in the framing, in the encoding. Selected
 * with `X-Mock-Fault: <name>`; each must end as a precise finding or a typed transport failure.
 */
type Fault = (req: IncomingMessage, res: ServerResponse) => void;

/** Some error body in the envelope of the API the request was for. */
const errorJson = (req: IncomingMessage): Buffer =>
  Buffer.from(JSON.stringify(jsonOf(mockApiFor(new URL(req.url ?? "/", "http://mock.invalid").pathname).errors.invalidInput())));

const echo = (req: IncomingMessage): Record<string, string> =>
  Object.fromEntries(["ms-correlationid", "ms-requestid"].flatMap((h) => (typeof req.headers[h] === "string" ? [[h, req.headers[h] as string]] : [])));

function encoded(coding: string, encode: (b: Buffer) => Buffer): Fault {
  return (req, res) => {
    const body = encode(errorJson(req));
    res.writeHead(400, { ...echo(req), "Content-Type": "application/json; charset=utf-8", "Content-Encoding": coding, "Content-Length": body.length });
    res.end(body);
  };
}

/** Raw bytes on the socket, bypassing Node's HTTP framing. */
function raw(text: (req: IncomingMessage) => string | Buffer, close: "end" | "destroy"): Fault {
  return (req) => {
    req.socket.write(text(req));
    if (close === "end") req.socket.end();
    else req.socket.destroy();
  };
}

const BIG = 50 * 1024 * 1024;

export const transportFaults: Record<string, Fault> = {
  "reset-before-headers": (req) => req.socket.destroy(),
  "reset-after-headers": (req, res) => {
    res.writeHead(400, { "Content-Type": "application/json", "Content-Length": 500 });
    res.flushHeaders();
    setTimeout(() => req.socket.destroy(), 20);
  },
  "no-response": () => undefined,
  "stalled-body": (req, res) => {
    res.writeHead(400, { "Content-Type": "application/json", "Content-Length": 1000 });
    res.write('{"code":"800002","description":"');
  },
  "slow-drip": (req, res) => {
    res.writeHead(400, { "Content-Type": "application/json" });
    const timer = setInterval(() => res.write(" "), 200);
    res.on("close", () => clearInterval(timer));
  },
  "short-body": raw(() => 'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"code":"800002",', "end"),
  "body-50mb": (req, res) => {
    res.writeHead(400, { "Content-Type": "application/json" });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < BIG) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end();
    };
    res.on("close", () => (sent = BIG));
    pump();
  },
  gzip: encoded("gzip", (b) => gzipSync(b)),
  deflate: encoded("deflate", (b) => deflateSync(b)),
  br: encoded("br", (b) => brotliCompressSync(b)),
  "gzip-corrupt": encoded("gzip", (b) => Buffer.concat([gzipSync(b).subarray(0, 12), Buffer.from("not gzip at all")])),
  "unknown-encoding": encoded("x-pc-contract", (b) => b),
  "decompression-bomb": encoded("gzip", () => gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 })),
  "invalid-utf8": (req, res) => {
    res.writeHead(400, { ...echo(req), "Content-Type": "application/json; charset=utf-8" });
    res.end(Buffer.from([0x7b, 0x22, 0x63, 0xff, 0xfe, 0x22, 0x7d]));
  },
  "json-100000-deep": (req, res) => {
    const depth = 100_000;
    const body = `{"error":{"code":"invalidRequest","message":"bad","innerError":${'{"code":"99901","message":"m","innerError":'.repeat(depth)}null${"}".repeat(depth)}}}`;
    res.writeHead(400, { ...echo(req), "Content-Type": "application/json; charset=utf-8" });
    res.end(body);
  },
  "long-headers": (req, res) => {
    res.writeHead(400, { "Content-Type": "application/json", "X-Padding": "a".repeat(128 * 1024) });
    res.end(errorJson(req));
  },
  "duplicated-headers": (req, res) => {
    res.setHeader("Content-Type", ["application/json; charset=utf-8", "text/html"]);
    for (const [k, v] of Object.entries(echo(req))) res.setHeader(k, v);
    res.writeHead(400);
    res.end(errorJson(req));
  },
  "redirect-other-origin": (req, res) => {
    const to = String(req.headers["x-mock-redirect-to"] ?? "http://127.0.0.2:9");
    res.writeHead(302, { ...echo(req), Location: `${to}${req.url ?? "/"}`, "Content-Length": 0 });
    res.end();
  },
  // A valid error whose description is 7 MB: what the harness keeps of it must stay small.
  "description-7mb": (req, res) => {
    const json = jsonOf(mockApiFor(new URL(req.url ?? "/", "http://mock.invalid").pathname).errors.invalidInput()) as { description?: string };
    const body = Buffer.from(JSON.stringify({ ...json, description: "x".repeat(7 * 1024 * 1024) }));
    res.writeHead(400, { ...echo(req), "Content-Type": "application/json; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  },
  // 1xx informational responses, one after another, never a final one: each resets a naive headers timer.
  "endless-1xx": (req) => {
    const timer = setInterval(() => req.socket.write("HTTP/1.1 102 Processing\r\n\r\n"), 100);
    req.socket.on("close", () => clearInterval(timer));
  },
  "http10-close-delimited": raw(
    (req) =>
      Buffer.concat([
        Buffer.from(
          `HTTP/1.0 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n${Object.entries(echo(req))
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join("")}\r\n`,
        ),
        errorJson(req),
      ]),
    "end",
  ),
};
