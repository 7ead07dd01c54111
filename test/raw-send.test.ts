import { spawnSync } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TransportError } from "../src/errors.js";
import { enumerateCases } from "../src/generate/build-cases.js";
import { startMock } from "../src/mock/server.js";
import { runProbe } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec } from "../src/probes/target.js";
import { toHeaderMap } from "../src/transport/exchange.js";
import { needsRawSocket, parseResponse, requestBytes, sendRaw } from "../src/transport/raw-send.js";
import { renderCurl } from "../src/transport/render-curl.js";
import { sendRequest } from "../src/transport/send-request.js";

/**
 * Headers with CR, LF or NUL in a value, which undici and Node's client refuse to write, go over a socket of their
 * own: the request's bytes as given, and one HTTP/1.1 answer read under the same deadline and cap as the pool's.
 */

/** A server that answers every connection with the bytes `answer` gives for what it received, then closes (or not). */
let server: Server;
let origin = "";
let answer: (received: string, socket: Socket) => void = () => {};
beforeAll(async () => {
  server = createServer((socket) => {
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (received.includes("\r\n\r\n")) answer(received, socket);
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = (headers: Record<string, string>, timeoutMs = 2000) =>
  sendRaw({ method: "GET", url: `${origin}/v1/customers?size=1`, headers }, { timeoutMs, maxBodyBytes: 1024 });

describe("the raw-socket sender", () => {
  test("only a header with CR, LF or NUL needs it", () => {
    expect(needsRawSocket({ "X-A": "pc\r\n contract" })).toBe(true);
    expect(needsRawSocket({ "X-A": "pc\0contract" })).toBe(true);
    expect(needsRawSocket({ "X-A": "pc contract", Authorization: "Bearer x" })).toBe(false);
  });

  test("writes the request as given, Host and Connection: close its own, and reads a Content-Length answer", async () => {
    let seen = "";
    answer = (received, socket) => {
      seen = received;
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"code":"1"}\n');
    };
    const exchange = await send({ "X-PC-Contract-Folded": "pc\r\n contract", Host: "ignored" });
    expect(seen).toBe(`GET /v1/customers?size=1 HTTP/1.1\r\nhost: ${origin.slice(7)}\r\nx-pc-contract-folded: pc\r\n contract\r\nconnection: close\r\n\r\n`);
    expect(exchange.response.status).toBe(400);
    expect(exchange.response.headers["content-type"]).toEqual(["application/json"]);
    expect(Buffer.from(exchange.response.body).toString()).toBe('{"code":"1"}\n');
    expect(exchange.request.headers).toEqual({ "x-pc-contract-folded": ["pc\r\n contract"], connection: ["close"] });
  });

  test("skips interim answers, undoes chunked framing, and reads a body without a length until the close", async () => {
    answer = (_, socket) =>
      socket.end("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n");
    expect(Buffer.from((await send({ "X-A": "\r" })).response.body).toString()).toBe("hello world");
    answer = (_, socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\nuntil the close");
    expect(Buffer.from((await send({ "X-A": "\r" })).response.body).toString()).toBe("until the close");
  });

  test("a misbehaving server is a typed transport failure: cut off, garbled, silent, oversized, or gone", async () => {
    const fault = async (respond: typeof answer, timeoutMs = 2000) => {
      answer = respond;
      const error = await send({ "X-A": "\r" }, timeoutMs).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TransportError);
      return (error as TransportError).fault;
    };
    expect(await fault((_, s) => s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 50\r\n\r\nshort"))).toBe("truncated");
    expect(await fault((_, s) => s.end("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"))).toBe("truncated");
    expect(await fault((_, s) => s.end("<html>Bad Request</html>\r\n\r\n"))).toBe("protocol");
    expect(await fault((_, s) => s.end("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))).toBe("protocol");
    expect(await fault(() => {}, 200)).toBe("timeout");
    expect(await fault((_, s) => s.end(`HTTP/1.1 400 Bad Request\r\n\r\n${"x".repeat(100 * 1024)}`))).toBe("oversize");
    expect(await fault((_, s) => s.destroy())).toBe("reset");
  });

  test("a HEAD, 204 or 304 answer has no body, whatever follows", () => {
    const head = parseResponse(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), "HEAD", "http://x/", false);
    expect(head !== "incomplete" && head.body.byteLength).toBe(0);
    expect(parseResponse(Buffer.from("HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\n\r\nabc"), "GET", "http://x/", false)).toBe("incomplete");
  });

  test("sendRequest sends such a request over its own socket, and the mock's parser refuses it with 400", async () => {
    const mock = await startMock();
    try {
      for (const value of ["pc\r\n contract", "pc\rcontract", "pc\0contract"]) {
        const exchange = await sendRequest({ method: "GET", url: `${mock.url}/v1/customers`, headers: { "X-PC-Contract": value } });
        expect(exchange.response.status, JSON.stringify(value)).toBe(400);
      }
    } finally {
      await mock.close();
    }
  });

  test("the generated header cases run against the mock: edge inputs held; a front end that answers them with 500 fails them", async () => {
    const cases = enumerateCases(20261207).filter((c) => /\/header-(folded-line|bare-cr|nul)$/.test(c.id));
    expect(cases.map((c) => c.id.split("/")[0]).sort()).toEqual([
      "customers.create",
      "customers.create",
      "customers.create",
      "referrals.create",
      "referrals.create",
      "referrals.create",
    ]);
    for (const defects of [[], ["invalid-header-500"]]) {
      const mock = await startMock({ defects });
      const target = createTarget(mockTargetSpec(mock));
      try {
        for (const probe of cases) {
          const outcome = await runProbe(probe, target);
          if (outcome.kind !== "checked") throw new Error(`${probe.id}: ${outcome.kind}`);
          expect(outcome.exchange.response.status).toBe(defects.length ? 500 : 400);
          expect(outcome.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(defects.length ? ["status/edge-server-error violation"] : []);
        }
      } finally {
        await target.dispatcher.close();
        await mock.close();
      }
    }
  });
});

describe("its reproduction", () => {
  const request = {
    method: "POST",
    url: "https://api.partnercenter.microsoft.com/v1/customers?x=%25",
    headers: {
      Authorization: "Bearer secret.token.value",
      "X-PC-Contract-NUL": "pc\0contract",
      "X-Percent": "100% 'quoted' \\ back",
      "Content-Type": "application/json",
    },
    body: Buffer.from('{"a":"\u00e9"}'),
  };

  test("is printf into openssl s_client (https) or nc (http), the token from $PC_TOKEN", () => {
    const command = renderCurl({ ...request, headers: toHeaderMap(request.headers) });
    expect(command).toMatch(
      /^printf '.*' "\$PC_TOKEN" \| openssl s_client -quiet -connect 'api\.partnercenter\.microsoft\.com:443' -servername 'api\.partnercenter\.microsoft\.com'$/,
    );
    expect(command).not.toContain("secret.token.value");
    expect(renderCurl({ ...request, url: "http://127.0.0.1:8080/", headers: toHeaderMap(request.headers) })).toMatch(/ \| nc '127\.0\.0\.1' 8080$/);
  });

  test("writes exactly the bytes the sender wrote (bash's printf, the token from the environment)", () => {
    const { bytes, sent } = requestBytes(request);
    const command = renderCurl({ method: request.method, url: request.url, headers: sent, body: request.body }).split(" | openssl")[0]!;
    const printed = spawnSync("bash", ["-c", command], { env: { PATH: process.env.PATH, PC_TOKEN: "secret.token.value" } });
    expect(printed.status).toBe(0);
    expect(printed.stdout.toString("latin1")).toBe(bytes.toString("latin1"));
  });
});
