import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { transportFaults } from "../src/mock/transport-faults.js";
import { startMock, type RunningMock } from "../src/mock/server.js";
import type { Probe } from "../src/probes/probe.js";
import { runProbe, type ProbeOutcome } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec, type Target } from "../src/probes/target.js";
import { renderEvidence } from "../src/report/attach-evidence.js";
import { formatOutcome } from "../src/report/format-outcome.js";

/** What each misbehaviour must become: a typed transport failure naming the fault, or findings of the named checks. */
const expected: Record<string, { transport: RegExp } | { checks: string[]; title?: RegExp }> = {
  "reset-before-headers": { transport: /^reset: .*other side closed/ },
  "reset-after-headers": { transport: /^truncated: .*status 400 and headers arrived \(Content-Length 500\), then the body was cut off/ },
  "no-response": { transport: /^timeout: .*no response within the deadline/ },
  "stalled-body": { transport: /^timeout: .*status 400 and headers arrived \(Content-Length 1000\), then the body did not finish within the deadline/ },
  "slow-drip": { transport: /^timeout: .*then the body did not finish within the deadline/ },
  "short-body": { transport: /^truncated: .*\(Content-Length 500\), then the body was cut off/ },
  "body-50mb": { transport: /^oversize: .*then the body passed the size cap \(UND_ERR_RES_EXCEEDED_MAX_SIZE/ },
  gzip: { checks: [] },
  deflate: { checks: [] },
  br: { checks: [] },
  "gzip-corrupt": { checks: ["body"], title: /cannot be decoded/ },
  "unknown-encoding": { checks: ["body"], title: /cannot be decoded/ },
  "decompression-bomb": { transport: /^oversize: .*gzip body decodes to more than \d+ bytes .*compression bomb/ },
  "invalid-utf8": { checks: ["body"], title: /not JSON/ },
  "json-100000-deep": { checks: ["inner-error"], title: /deeper than 64/ },
  "long-headers": { transport: /^oversize: .*UND_ERR_HEADERS_OVERFLOW/ },
  "duplicated-headers": { checks: ["content-type"], title: /sent 2 times/ },
  "redirect-other-origin": { checks: ["status"], title: /redirected instead of rejected/ },
  "http10-close-delimited": { checks: [] },
  "endless-1xx": { transport: /^timeout: .*no response within the deadline/ },
  "description-7mb": { checks: ["message"], title: /longer than 1024 characters by every measure/ },
};

describe("fault matrix: a misbehaving target never crashes or hangs the harness", () => {
  let mock: RunningMock;
  let target: Target;
  let foreign: Server;
  const foreignRequests: (string | undefined)[] = [];

  beforeAll(async () => {
    mock = await startMock();
    // Every fault here comes on purpose, one after another: the run-level breaker (test/availability.test.ts) is off.
    target = createTarget({ ...mockTargetSpec(mock), pacing: { maxRetryWaitMs: 1_000, requestTimeoutMs: 1_500, stopAfterFailures: 0 } });
    foreign = createServer((req, res) => {
      foreignRequests.push(req.headers.authorization);
      res.end();
    });
    await new Promise<void>((r) => foreign.listen(0, "127.0.0.1", () => r()));
  });
  afterAll(async () => {
    await mock.close();
    foreign.close();
  });

  test("every fault mode of the mock has an expectation here", () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(transportFaults).sort());
  });

  const outcomes: Record<string, ProbeOutcome> = {};
  test.each(Object.keys(expected))(
    "%s",
    async (fault) => {
      const referrals = fault === "json-100000-deep";
      const probe: Probe = {
        id: `fault/${fault}`,
        api: referrals ? "referrals" : "core",
        area: "server",
        method: "GET",
        path: referrals ? "/v1.0/engagements/referrals" : "/v1/customers?size=1",
        auth: "app",
        headers: { "X-Mock-Fault": fault, "X-Mock-Redirect-To": `http://127.0.0.1:${(foreign.address() as AddressInfo).port}` },
        expect: { status: [400] },
        scope: "mock",
        source: "fault matrix",
      };
      const outcome = await runProbe(probe, target);
      outcomes[fault] = outcome;
      const want = expected[fault]!;
      if ("transport" in want) {
        expect(outcome.kind, JSON.stringify(outcome).slice(0, 300)).toBe("environment");
        if (outcome.kind === "environment") expect(outcome.error.message).toMatch(want.transport);
      } else {
        expect(outcome.kind).toBe("checked");
        if (outcome.kind !== "checked") return;
        const violations = outcome.findings.filter((f) => f.severity === "violation");
        expect([...new Set(violations.map((f) => f.check))]).toEqual(want.checks);
        if (want.title) expect(violations[0]!.title).toMatch(want.title);
      }
      // A hang is what this guards against: ten deadlines of 1.5 s, far above any honest answer.
    },
    15_000,
  );

  test("a redirect to another origin is not followed: the foreign origin never sees a request, let alone the token", () => {
    expect(outcomes["redirect-other-origin"]?.kind).toBe("checked");
    expect(foreignRequests).toEqual([]);
  });

  test("a 7 MB description: the failure message, the findings and every attachment keep a bounded part of it", () => {
    const outcome = outcomes["description-7mb"];
    expect(outcome?.kind).toBe("checked");
    if (outcome?.kind !== "checked") return;
    expect(outcome.exchange.response.body.byteLength).toBeGreaterThan(7 * 1024 * 1024);
    expect(JSON.stringify(outcome.findings).length).toBeLessThan(4096);
    expect(formatOutcome(outcome, outcome.findings).length).toBeLessThan(8192);
    for (const a of renderEvidence(outcome, outcome.findings)) expect(a.content.length, a.name).toBeLessThan(128 * 1024);
  });

  test("the harness still works after all of them", async () => {
    const outcome = await runProbe(
      {
        id: "after",
        api: "core",
        area: "auth",
        method: "GET",
        path: "/v1/customers?size=1",
        auth: "none",
        expect: { status: [401] },
        scope: "any",
        source: "x",
      },
      target,
    );
    expect(outcome).toMatchObject({ kind: "checked", findings: [] });
  });
});
