import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { runChecks } from "../src/checks/run-checks.js";
import { packageVersion, projectRoot } from "../src/contract/paths.js";
import { buildRequest } from "../src/probes/build-request.js";
import type { Probe } from "../src/probes/probe.js";
import { runProbe } from "../src/probes/run-probe.js";
import { verdictOf } from "../src/gating/judge.js";
import { createTarget, mockTargetSpec } from "../src/probes/target.js";
import { fuzzCases } from "../src/generate/build-cases.js";
import { renderEvidence } from "../src/report/attach-evidence.js";
import { toHeaderMap, type Exchange } from "../src/transport/exchange.js";
import { loadMockTenant } from "../src/mock/mock-options.js";
import { spawnMock } from "../src/mock/spawn-mock.js";

/**
 * npm run bench: the harness's cost against a raw client, all measured in this one run against the same
 * mock (in its own process, so the client side is what is compared). Ratios, not absolute timings, are the
 * result: these machines are noisy.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

async function forSeconds(seconds: number, step: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    await step();
    n++;
  }
  return n / seconds;
}

function exchangeOf(status: number, body: string, headers: Record<string, string>): Exchange {
  return {
    request: { method: "GET", url: "https://bench.test/v1/customers", headers: toHeaderMap({ "MS-CorrelationId": "c", "MS-RequestId": "r" }) },
    response: { status, headers: toHeaderMap({ "MS-CorrelationId": "c", "MS-RequestId": "r", ...headers }), body: new Uint8Array(Buffer.from(body)) },
    timing: { startedAt: new Date().toISOString(), durationMs: 1 },
  };
}

function checksCost(): [string, number][] {
  const json = { "Content-Type": "application/json; charset=utf-8" };
  const kinds: [string, Exchange, number[]][] = [
    ["core envelope", exchangeOf(400, JSON.stringify({ code: "800002", description: "Invalid request input", data: [], source: "PartnerFD" }), json), [400]],
    [
      "referrals, 3-level innerError",
      exchangeOf(
        400,
        JSON.stringify({
          error: {
            code: "invalidRequest",
            message: "m",
            innerError: {
              code: "99901",
              message: "m",
              details: [{ name: ["x"] }],
              innerError: { code: "99903", message: "m", innerError: { code: "99909", message: "m" } },
            },
          },
        }),
        json,
      ),
      [400],
    ],
    [
      "throttling page 429 body",
      exchangeOf(429, JSON.stringify({ statusCode: 429, message: "Rate limit is exceeded. Try again in 57 seconds." }), { ...json, "Retry-After": "57" }),
      [429],
    ],
    ["HTML gateway page", exchangeOf(502, "<!DOCTYPE html><html><body>Bad gateway</body></html>", { "Content-Type": "text/html" }), [502]],
    ["empty 401", exchangeOf(401, "", { "WWW-Authenticate": "OAuth realm=urn:cpsvc:cpid:1" }), [401]],
  ];
  return kinds.map(([name, ex, statuses]) => {
    const api = name.startsWith("referrals") ? "referrals" : "core";
    for (let i = 0; i < 2000; i++) runChecks(ex, api, { statuses });
    const n = 20_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) runChecks(ex, api, { statuses });
    return [name, ((performance.now() - t) * 1000) / n];
  });
}

/** The default suite against the bundled mock: its wall time and how many cases it ran (from its JUnit file). */
function suiteWall(): { seconds: number; cases: number } {
  const reports = mkdtempSync(join(tmpdir(), "pc-bench-"));
  const t = performance.now();
  const r = spawnSync("npx", ["vitest", "run"], { cwd: projectRoot, env: { ...process.env, PC_REPORTS_DIR: reports }, stdio: "ignore" });
  if (r.status !== 0) throw new Error(`the default suite failed (exit ${r.status})`);
  const seconds = (performance.now() - t) / 1000;
  const cases = Number(/<testsuites[^>]*tests="(\d+)"/.exec(readFileSync(join(reports, "junit.xml"), "utf8"))?.[1] ?? Number.NaN);
  return { seconds, cases };
}

/** Every process below `root`, from /proc (Linux): the suite's vitest, its workers and what they start. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

const peakRssKb = (pid: number): number => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

/**
 * The full suite against a mock whose every error carries a 7 MB description: the largest peak RSS of any
 * process of the run (as GNU time reports a process's maximum), sampled from /proc while it runs.
 */
async function hostileSuitePeak(): Promise<{ peakMb: number; seconds: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, [join(projectRoot, "node_modules", "vitest", "vitest.mjs"), "run"], {
    cwd: projectRoot,
    env: { ...process.env, PC_MOCK_DEFECTS: "description-7mb", PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-bench-7mb-")) },
    stdio: "ignore",
  });
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of processTree(child.pid!)) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, peakRssKb(pid)));
  };
  const timer = setInterval(sample, 100);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  // Every case fails (each description is over 1024 characters): exit 1 is the expected end.
  if (code !== 1) throw new Error(`the suite against description-7mb ended with exit ${code}, not 1`);
  return { peakMb: Math.max(...peaks.values()) / 1024, seconds: (performance.now() - t) / 1000 };
}

const mock = await spawnMock(["--throttle-limit", "1000000"]);
try {
  const tenant = loadMockTenant();
  const target = createTarget(mockTargetSpec({ url: mock.url, options: { ...tenant } }));
  const probe: Probe = {
    id: "customers.list/size-not-integer",
    api: "core",
    area: "input",
    method: "GET",
    path: "/v1/customers?size=abc",
    expect: { status: [400] },
    scope: "any",
    source: "bench",
  };
  const token = await target.tokens.token("core", "app");
  const raw = new Agent({ connections: 8, keepAliveTimeout: 2_000 });
  const outgoing = () => buildRequest(probe, target.origins, target.ids, `Bearer ${token}`);
  const rawStep = async () => {
    const o = outgoing();
    const r = await request(o.url, { method: "GET", headers: o.headers, dispatcher: raw });
    await r.body.arrayBuffer();
  };
  const checkedStep = async () => {
    const outcome = await runProbe(probe, target);
    if (outcome.kind !== "checked") throw new Error(`bench probe ${outcome.kind}`);
    // What the suite does with each case besides sending it: the verdict and the evidence it attaches.
    verdictOf(outcome.findings, false);
    renderEvidence(outcome);
  };
  await forSeconds(0.5, rawStep);
  await forSeconds(0.5, checkedStep);
  // Interleaved slices, so drift on a noisy machine falls on both sides alike.
  const SLICES = 6;
  let rawRate = 0;
  let checkedRate = 0;
  for (let i = 0; i < SLICES; i++) {
    rawRate += (await forSeconds(SECONDS / SLICES, rawStep)) / SLICES;
    checkedRate += (await forSeconds(SECONDS / SLICES, checkedStep)) / SLICES;
  }
  const checks = checksCost();

  const cases = fuzzCases(20261122, 3334);
  // What the run retains: the heap after a forced GC, before and after every case (RSS follows the GC's timing, not retention).
  global.gc?.();
  const heapStart = process.memoryUsage().heapUsed;
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  for (const [i, c] of cases.entries()) {
    await runProbe(c, target);
    if (i % 500 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  global.gc?.();
  const heapEnd = process.memoryUsage().heapUsed;
  await target.dispatcher.close();
  await raw.close();
  const suite = process.env.BENCH_SKIP_SUITE ? { seconds: Number.NaN, cases: Number.NaN } : suiteWall();
  const wall = suite.seconds;
  const hostile = process.env.BENCH_SKIP_SUITE ? undefined : await hostileSuitePeak();

  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  const rows: [string, string, string][] = [
    ["(a) raw undici loop", `${rawRate.toFixed(0)} req/s`, "baseline"],
    ["(b) checked exchanges (request, checks, evidence)", `${checkedRate.toFixed(0)} req/s`, "ratio >= 0.70"],
    ...checks.map(([name, us]): [string, string, string] => [`(c) checks alone: ${name}`, `${us.toFixed(1)} µs/response`, "<= 50 µs"]),
    [
      "(d) full default suite, wall",
      Number.isNaN(wall) ? "skipped" : `${wall.toFixed(1)} s, ${suite.cases} cases, ${(suite.cases / wall).toFixed(0)} cases/s`,
      "< 10 s",
    ],
    [
      `(e) heap retained over ${cases.length} fuzz cases`,
      `${mb(heapStart)} MB → ${mb(heapEnd)} MB after GC (+${mb(heapEnd - heapStart)} MB); RSS peak ${mb(rssPeak)} MB`,
      "growth < 50 MB",
    ],
    [
      "(f) full suite, every error a 7 MB description",
      hostile ? `peak RSS ${hostile.peakMb.toFixed(0)} MB (largest process), ${hostile.seconds.toFixed(0)} s` : "skipped",
      "< 512 MB",
    ],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`pc-contract ${packageVersion()} bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n\n`);
  for (const [name, value, target] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padEnd(40)} ${target}\n`);
  process.stdout.write(`\nchecked/raw ratio: ${(checkedRate / rawRate).toFixed(2)}\n`);
} finally {
  mock.stop();
}
