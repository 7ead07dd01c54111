import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { enumerateCases } from "../src/generate/build-cases.js";
import { buildRequest } from "../src/probes/build-request.js";
import type { Probe } from "../src/probes/probe.js";
import { reproducer } from "../src/report/reproduce.js";
import { toHeaderMap, type CapturedRequest } from "../src/transport/exchange.js";
import { redactText, registerSecret, REDACTED } from "../src/transport/redact.js";
import { renderCurl } from "../src/transport/render-curl.js";

describe("curl reproduction", () => {
  test("replaces the bearer token with $PC_TOKEN and quotes a small body", () => {
    const curl = renderCurl({
      method: "POST",
      url: "https://api.partnercenter.microsoft.com/v1/customers",
      headers: toHeaderMap({ Authorization: "Bearer secret.token.value", "Content-Type": "application/json", "Content-Length": "13" }),
      body: Buffer.from(`{"name":"it's"}`),
    });
    expect(curl).toBe(
      `curl -i -X POST 'https://api.partnercenter.microsoft.com/v1/customers' -H "authorization: Bearer $PC_TOKEN" -H 'content-type: application/json' --data-raw '{"name":"it'\\''s"}'`,
    );
    expect(curl).not.toContain("secret.token.value");
  });

  test("redacts other credentials and generates a large body of one repeated byte", () => {
    const curl = renderCurl({
      method: "POST",
      url: "https://x.test/",
      headers: toHeaderMap({ Authorization: "Basic dXNlcjpwYXNz", "Transfer-Encoding": "chunked" }),
      body: Buffer.alloc(10_000, "a"),
    });
    expect(curl).toContain(`'authorization: Basic ${REDACTED}'`);
    expect(curl).toContain("--data-binary @<(head -c 10000 /dev/zero | tr '\\0' 'a')");
  });

  test("registered secrets are removed from any text", () => {
    registerSecret("canary-secret-1234");
    expect(redactText("echoed canary-secret-1234 back")).toBe(`echoed ${REDACTED} back`);
  });
});

describe("the curl line sends the very bytes of the request", () => {
  let server: Server;
  let origin: string;
  const received: Buffer[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push(Buffer.concat(chunks));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const captured = (probe: Probe): CapturedRequest => {
    const out = buildRequest(probe, { core: origin, referrals: origin }, { customerId: "3f9a2b1c-8d7e-4f6a-b5c4-d3e2f1a0b9c8" }, "Bearer not-a-real-token");
    return { method: out.method, url: out.url, headers: toHeaderMap(out.headers), ...(out.body ? { body: out.body } : {}) };
  };
  const raw = (_id: string, body: Uint8Array): CapturedRequest => ({
    method: "POST",
    url: `${origin}/v1/x`,
    headers: toHeaderMap({ "Content-Type": "application/octet-stream" }),
    body,
  });

  const generated = enumerateCases(20261202);
  const cases: [string, () => CapturedRequest][] = [
    ["a 20 000-byte nested body (referrals.create/deeply-nested)", () => captured(generated.find((c) => c.id === "referrals.create/deeply-nested")!)],
    [
      "an array past maxItems (carts.create/too-many-items:/lineItems)",
      () => captured(generated.find((c) => c.id === "carts.create/too-many-items:/lineItems")!),
    ],
    ["10 MiB of one byte (the 413 filler)", () => raw("filler", Buffer.alloc(10 * 1024 * 1024 + 1, "a"))],
    [
      "a small body of every byte, NUL and quotes included",
      () =>
        raw(
          "bytes",
          Uint8Array.from({ length: 256 }, (_, i) => i),
        ),
    ],
    ["a body that starts with @", () => raw("at", Buffer.from("@/etc/passwd"))],
  ];

  test.each(cases)("%s", async (_, build) => {
    const request = build();
    const line = reproducer(mkdtempSync(join(tmpdir(), "pc-bodies-")))(request);
    received.length = 0;
    // Run asynchronously: the server answering it lives in this process.
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn("bash", ["-c", `${line} -s -S -o /dev/null`], { env: { PATH: process.env.PATH, PC_TOKEN: "t" } });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stderr }));
    });
    expect(run.status, run.stderr).toBe(0);
    expect(received).toHaveLength(1);
    expect(Buffer.compare(received[0]!, Buffer.from(request.body!))).toBe(0);
  });

  test("the generated cases that outgrow a command line are reproduced from a file, never from invented bytes", () => {
    const line = reproducer(join(tmpdir(), "pc-bodies-fixed"))(cases[0]![1]());
    expect(line).toMatch(/--data-binary @'[^']+\.body'$/);
    expect(line).not.toContain("/dev/zero");
  });
});
