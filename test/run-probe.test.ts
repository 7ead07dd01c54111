import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from "node:net";
import { renderEvidence } from "../src/report/attach-evidence.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Probe } from "../src/probes/probe.js";
import { runProbe } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec, withMockHandshake, type TargetSpec } from "../src/probes/target.js";
import { startMock, type RunningMock } from "../src/mock/server.js";
import { sendRequest } from "../src/transport/send-request.js";
import { TransportError } from "../src/errors.js";
import { redactText } from "../src/transport/redact.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finishRecording, startRecording } from "../src/har/har-recorder.js";
import { readHar } from "../src/har/read-har.js";

const probe = (over: Partial<Probe> = {}): Probe => ({
  id: "customers.list/no-auth",
  api: "core",
  area: "auth",
  method: "GET",
  path: "/v1/customers?size=1",
  auth: "none",
  expect: { status: [401] },
  scope: "any",
  source: "test",
  ...over,
});

const remote = (origin: string, over: Partial<TargetSpec> = {}): TargetSpec => ({
  kind: "remote",
  origins: { core: origin, referrals: origin },
  auth: { authority: origin, tokens: { core: "static-token-for-tests", referrals: "static-token-for-tests" } },
  ids: {},
  isMock: false,
  pacing: { maxRetryWaitMs: 120_000, requestTimeoutMs: 15_000 },
  allowWrites: false,
  ...over,
});

describe("runProbe", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.close());

  test("checks the exchange of a probe against the mock", async () => {
    const outcome = await runProbe(probe(), createTarget(mockTargetSpec(mock)));
    expect(outcome.kind).toBe("checked");
    if (outcome.kind === "checked") expect(outcome.findings).toEqual([]);
  });

  test("a refused connection is an environment outcome naming the fault, not a finding and not a crash", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const outcome = await runProbe(probe(), createTarget(remote(`http://127.0.0.1:${port}`)));
    expect(outcome.kind).toBe("environment");
    if (outcome.kind === "environment") expect(outcome.error.message).toMatch(/^refused: GET http:\/\/127\.0\.0\.1:\d+\/v1\/customers\?size=1/);
  });

  test("refused credentials are an environment outcome with the identity platform's reason", async () => {
    const spec = mockTargetSpec(mock);
    const outcome = await runProbe(probe({ auth: "app" }), createTarget({ ...spec, auth: { ...spec.auth, clientSecret: "not-the-secret" } }));
    expect(outcome.kind).toBe("environment");
    if (outcome.kind === "environment") expect(outcome.error.message).toContain("invalid_client");
  });

  test("a probe whose fault is the identity is skipped when only a static token is given, and runs when it can be made honestly", async () => {
    const appOnly = probe({ id: "organization.get/app-only", path: "/v1/profiles/organization", auth: "app-only", expect: { status: [403] } });
    const otherAudience = probe({ id: "customers.list/referrals-audience", auth: "other-audience" });
    const statics = createTarget(remote(mock.url));
    expect(await runProbe(appOnly, statics)).toMatchObject({ kind: "skipped", reason: expect.stringMatching(/^needs an app-only token for the core API/) });
    expect(await runProbe(otherAudience, statics)).toMatchObject({
      kind: "skipped",
      reason: expect.stringMatching(/^needs a token for the referrals API's audience, distinct from this API's: one static token stands for both/),
    });
    // Two static tokens, one per API: the other audience's token can be sent honestly.
    const two = createTarget(remote(mock.url, { auth: { authority: mock.url, tokens: { core: "core-static", referrals: "referrals-static" } } }));
    expect((await runProbe(otherAudience, two)).kind).not.toBe("skipped");
    // Client credentials: both are made, and the mock refuses them as the contract says.
    const credentials = createTarget(mockTargetSpec(mock));
    expect(await runProbe(appOnly, credentials)).toMatchObject({ kind: "checked", findings: [] });
    expect(await runProbe(otherAudience, credentials)).toMatchObject({ kind: "checked", findings: [] });
  });

  test("a mock-only probe is never sent to a real host", async () => {
    const outcome = await runProbe(probe({ scope: "mock" }), createTarget(remote("https://api.partnercenter.microsoft.com")));
    expect(outcome).toMatchObject({ kind: "skipped", reason: expect.stringContaining("mock-only") });
  });

  test("is this the mock? asked, not guessed: a loopback server that does not answer the handshake gets no mock-only probe", async () => {
    const tunnel = createServer((_req, res) => void res.writeHead(404).end());
    await new Promise<void>((r) => tunnel.listen(0, "127.0.0.1", () => r()));
    try {
      const loopback = remote(`http://127.0.0.1:${(tunnel.address() as AddressInfo).port}`);
      const asked = await withMockHandshake(loopback, {}, 2_000);
      expect(asked.isMock).toBe(false);
      expect(await runProbe(probe({ scope: "mock" }), createTarget(asked))).toMatchObject({ kind: "skipped", reason: expect.stringContaining("handshake") });
      const standalone = await withMockHandshake(remote(mock.url), { customerId: "configured-wins" }, 2_000);
      expect(standalone).toMatchObject({ isMock: true, ids: { customerId: "configured-wins", referralId: mock.options.ids.referralId } });
    } finally {
      tunnel.close();
    }
  });

  test("a probe naming a tenant resource the target lacks is skipped, naming the variable", async () => {
    const outcome = await runProbe(
      probe({ path: "/v1/customers/{customerId}/orders/{newGuid}" }),
      createTarget(remote("https://api.partnercenter.microsoft.com")),
    );
    expect(outcome).toMatchObject({ kind: "skipped", reason: expect.stringContaining("PC_CUSTOMER_ID") });
  });

  test("a probe needing a user token is skipped when only client credentials are configured", async () => {
    const target = createTarget(
      remote("https://api.partnercenter.microsoft.com", {
        auth: { authority: "https://login.microsoftonline.com", tokens: {}, tenantId: "t", clientId: "c", clientSecret: "s" },
      }),
    );
    const outcome = await runProbe(probe({ api: "referrals", auth: undefined }), target);
    expect(outcome).toMatchObject({ kind: "skipped", reason: expect.stringContaining("PC_REFRESH_TOKEN") });
  });

  test("a write is not sent to a live host unless writes are allowed", async () => {
    const write = probe({ method: "POST", expect: { status: [201] }, path: "/v1/customers" });
    const outcome = await runProbe(write, createTarget(remote("https://pc-staging.contoso.test")));
    expect(outcome).toMatchObject({ kind: "skipped", reason: expect.stringContaining("PC_ALLOW_WRITES=1") });
  });

  test("a target that keeps throttling past the allowed wait is an environment outcome", async () => {
    const throttled = await startMock({ tenantThrottle: { limit: 1, windowMs: 600_000 } });
    try {
      const spec = { ...mockTargetSpec(throttled), pacing: { maxRetryWaitMs: 5_000, requestTimeoutMs: 15_000 } };
      const target = createTarget(spec);
      await runProbe(probe({ auth: "app", expect: { status: [200] } }), target);
      const outcome = await runProbe(probe({ auth: "app", expect: { status: [200] } }), target);
      expect(outcome.kind).toBe("environment");
      if (outcome.kind === "environment")
        expect(outcome.error.message).toMatch(/^429 from GET .*: Retry-After of 600 s is longer than PC_MAX_RETRY_WAIT \(5 s\)$/);
    } finally {
      await throttled.close();
    }
  });

  test("a throttled call is waited out and sent again with the same MS-RequestId", async () => {
    const throttled = await startMock({ tenantThrottle: { limit: 1, windowMs: 1_000 } });
    try {
      const har = join(mkdtempSync(join(tmpdir(), "pc-run-")), "run.har");
      startRecording(har);
      const target = createTarget({ ...mockTargetSpec(throttled), record: har });
      await runProbe(probe({ id: "warm-up", auth: "app", expect: { status: [200] } }), target);
      const outcome = await runProbe(probe({ id: "retried", auth: "app", expect: { status: [200] } }), target);
      expect(outcome).toMatchObject({ kind: "checked", waits: 1, findings: [] });
      finishRecording(har, { seed: 1, fuzzRuns: 0, version: "test" });
      const sent = readHar(har).log.entries.filter((e) => e._pcProbe === "retried");
      expect(sent.map((e) => e.response.status)).toEqual([429, 200]);
      const requestId = (e: (typeof sent)[number]) => e.request.headers.find((h) => h.name === "ms-requestid")?.value;
      expect(requestId(sent[1]!)).toBe(requestId(sent[0]!));
    } finally {
      await throttled.close();
    }
  });

  test("fetched tokens are redacted from any text the harness writes", async () => {
    const target = createTarget(mockTargetSpec(mock));
    const token = await target.tokens.token("core", "app");
    expect(redactText(`echo ${token}`)).toBe("echo [REDACTED]");
  });
});

describe("connections", () => {
  test("a request with 64 KiB of headers goes over a connection of its own: the target's others stay reused", async () => {
    // A server that counts connections and answers 431 to oversized headers, as Node and gateways do.
    let connections = 0;
    const server: Server = createServer((_, res) => res.writeHead(401, { "Content-Type": "application/json" }).end("{}"));
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const target = createTarget(remote(origin));
    try {
      const big = await runProbe(
        probe({ id: "customers.list/header-64-kib", headers: { "X-PC-Contract-Filler": "a".repeat(64 * 1024) }, expect: { status: [431] } }),
        target,
      );
      expect(big.kind === "checked" && big.exchange.response.status).toBe(431);
      const before = connections;
      for (let i = 0; i < 10; i++) await runProbe(probe(), target);
      // The pool opens its first one or two and keeps them; without a connection of its own for the 64 KiB request,
      // it opened a new one for each of the ten.
      expect(connections - before).toBeLessThanOrEqual(2);
    } finally {
      await target.dispatcher.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("sendRequest", () => {
  let silent: Server;
  let url: string;
  beforeAll(async () => {
    silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  });
  afterAll(() => {
    silent.closeAllConnections();
    silent.close();
  });

  test("a server that never answers becomes a timeout TransportError within the deadline", async () => {
    const error = await sendRequest({ method: "GET", url, headers: {} }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).fault).toBe("timeout");
  });
});

describe("a target's header names are data", () => {
  let server: NetServer;
  let origin: string;
  beforeAll(async () => {
    // Names an object map would take for its prototype's: each must come back as one more header.
    server = createNetServer((socket) =>
      socket.once("data", () =>
        socket.end(
          [
            "HTTP/1.1 400 Bad Request",
            "Content-Type: application/json",
            "__proto__: polluted",
            "constructor: not-a-function",
            "hasOwnProperty: 1",
            "Content-Length: 2",
            "Connection: close",
            "",
            "{}",
          ].join("\r\n"),
        ),
      ),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  test.each([
    ["through the connection pool", {}],
    ["over a socket of its own (a header with a bare CR)", { headers: { "X-Probe": "a\rb" } }],
  ])("`__proto__`, `constructor`, `hasOwnProperty` headers %s: checked, kept and shown, never a crash", async (_, over) => {
    const outcome = await runProbe(probe({ expect: { status: [400] }, ...over }), createTarget(remote(origin)));
    expect(outcome.kind).toBe("checked");
    if (outcome.kind !== "checked") return;
    const headers = outcome.exchange.response.headers;
    expect([headers["__proto__"], headers["constructor"], headers["hasownproperty"]]).toEqual([["polluted"], ["not-a-function"], ["1"]]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    const shown = renderEvidence(outcome)
      .map((a) => a.content)
      .join("\n");
    expect(shown).toContain("__proto__: polluted");
    expect(shown).toContain("constructor: not-a-function");
    // The body is judged as any other: the core envelope is missing.
    expect(outcome.findings.map((f) => f.rule)).toContain("envelope/wrong-envelope");
  });
});
