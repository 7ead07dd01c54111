import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request, type Dispatcher } from "undici";
import type { ApiName } from "../contract/api-profile.js";
import type { Baseline } from "../gating/baseline.js";
import { toHarEntry, type HarEntry } from "../har/har.js";
import { checkEntry, type CheckedEntry } from "../offline/check-har.js";
import { decodeBody } from "../transport/decode-body.js";
import { toHeaderMap, type Exchange } from "../transport/exchange.js";
import { redactText } from "../transport/redact.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../transport/send-request.js";

/** Headers that belong to one connection, not to the message (RFC 9110 §7.6.1): never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
/** A request body the proxy holds to forward it; a larger one is refused with 413, saying so. */
export const PROXY_MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export interface ProxyOptions {
  /** The origin traffic is forwarded to: Partner Center, a sandbox-shaped host, or the mock. */
  target: string;
  host?: string;
  port?: number;
  api?: ApiName;
  baseline?: Baseline;
  strict?: boolean;
  /** Told of each judged response, as it is judged. */
  onJudged?: (entry: CheckedEntry) => void;
}

export interface RunningProxy {
  url: string;
  /** Every exchange seen, as HAR entries (credentials redacted), and each one's verdict, in order. */
  entries: HarEntry[];
  judged: CheckedEntry[];
  close(): Promise<void>;
}

function forwardHeaders(req: IncomingMessage, target: URL): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === "host") continue;
    headers[name] = value;
  }
  headers.host = target.host;
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > PROXY_MAX_REQUEST_BYTES) return "too large";
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Passive mode: a reverse proxy in front of the target. Every request is forwarded as it came (hop-by-hop
 * headers aside) and every response returned byte for byte, encodings untouched; a copy of each exchange is
 * judged afterwards with the same checks and judge as `pc-contract check`, so a team's own integration tests
 * become evidence. Nothing is retried, added or altered.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const target = new URL(options.target);
  const dispatcher: Dispatcher = new Agent({ connections: 16, keepAliveTimeout: 2_000 });
  const entries: HarEntry[] = [];
  const judged: CheckedEntry[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const startedAt = new Date();
      const started = performance.now();
      const body = await readBody(req);
      if (body === "too large") {
        res
          .writeHead(413, { "Content-Type": "text/plain; charset=utf-8" })
          .end(`pc-contract proxy: request bodies above ${PROXY_MAX_REQUEST_BYTES} bytes are not forwarded\n`);
        return;
      }
      const url = new URL(req.url ?? "/", target).href;
      const method = req.method ?? "GET";
      let answer: Dispatcher.ResponseData;
      let raw: Buffer;
      try {
        answer = await request(url, {
          method: method as Dispatcher.HttpMethod,
          headers: forwardHeaders(req, target),
          ...(body.length ? { body } : {}),
          dispatcher,
        });
        raw = Buffer.from(await answer.body.arrayBuffer());
      } catch (error) {
        const reason = redactText((error as Error).message);
        res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" }).end(`pc-contract proxy: the target did not answer: ${reason}\n`);
        return;
      }
      const responseHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) responseHeaders[name] = value;
      res.writeHead(answer.statusCode, responseHeaders);
      res.end(raw);
      // Judged after the answer went back: the client waits for nothing the harness does.
      const decoded = decodeBody(raw, toHeaderMap(answer.headers)["content-encoding"]?.join(","), DEFAULT_MAX_RESPONSE_BYTES, method, url);
      const exchange: Exchange = {
        request: { method, url, headers: toHeaderMap(req.headers as Record<string, string | string[] | undefined>), ...(body.length ? { body } : {}) },
        response: {
          status: answer.statusCode,
          headers: toHeaderMap(answer.headers),
          body: decoded.body,
          ...(decoded.problem ? { decodingProblem: decoded.problem } : {}),
        },
        timing: { startedAt: startedAt.toISOString(), durationMs: Math.round((performance.now() - started) * 10) / 10 },
      };
      const entry = toHarEntry(exchange);
      const index = entries.push(entry) - 1;
      const verdict = checkEntry(entry, "proxy", index, {
        ...(options.api ? { api: options.api } : {}),
        hosts: [target.hostname],
        ...(options.baseline ? { baseline: options.baseline } : {}),
        strict: options.strict ?? false,
      });
      judged.push(verdict);
      options.onJudged?.(verdict);
    })().catch((error: unknown) => {
      // The harness's own fault: the client gets an answer that says so, never a hung connection.
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`pc-contract proxy: internal error: ${redactText((error as Error).message)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    entries,
    judged,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
