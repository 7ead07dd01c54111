import { spawn, spawnSync } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { spawnMock } from "../src/mock/spawn-mock.js";
import { INCOMPLETE_ALLURE_NAME } from "../src/vitest/safe-reporters.js";
import { cleanEnv } from "./helpers/clean-env.js";
import { runChild } from "./helpers/run-child.js";

const vitestBin = join(projectRoot, "node_modules", "vitest", "vitest.mjs");

function suite(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runChild(process.execPath, [vitestBin, "run", ...args], { cwd: projectRoot, env: cleanEnv(env) });
}

/** A target that forwards its first `healthy` requests to the mock, then drops every connection: a host that dies mid-run. */
async function dyingProxy(upstream: string, healthy: number): Promise<{ url: string; afterDeath: () => number; close: () => Promise<void> }> {
  let seen = 0;
  let dead = 0;
  const up = new URL(upstream);
  const server: Server = createServer((req, res) => {
    seen++;
    if (seen > healthy) {
      dead++;
      req.socket.destroy();
      return;
    }
    const forward = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    afterDeath: () => dead,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("environment failure is not contract failure", () => {
  test("a target that dies mid-run: sending stops after 5 failures in a row, the rest is not judged, exit 3, the matrix says not judged; every skip says why", async () => {
    const mock = await spawnMock(["--static-token", "static-token-for-availability"], cleanEnv());
    // The handshake and the two preflight calls get through; every probe after them meets a dropped connection.
    const proxy = await dyingProxy(mock.url, 3);
    try {
      const reports = mkdtempSync(join(tmpdir(), "pc-unavailable-"));
      const run = await suite(["suites/auth.test.ts"], {
        PC_BASE_URL: proxy.url,
        PC_TOKEN: "static-token-for-availability",
        PC_RATE_LIMIT: "500",
        PC_REPORTS_DIR: reports,
      });
      expect(run.code, run.output.slice(-3000)).toBe(3);
      expect(run.output).toMatch(
        /^pc-contract: environment problem: not judged: target unavailable since \d\d:\d\d:\d\d UTC \(5 transport or auth failures in a row\); \d+ cases not judged$/m,
      );
      // A dead host costs at most five exchanges (the automatic re-run of a failed case sends nothing more).
      expect(proxy.afterDeath()).toBe(5);
      const matrix = JSON.parse(readFileSync(join(reports, "conformance.json"), "utf8")) as Record<string, { statuses: { state: string }[] }>;
      const states = [matrix.core!, matrix.referrals!].flatMap((m) => m.statuses.map((s) => s.state));
      expect(states).toContain("not judged");
      expect(states).not.toContain("violated");
      expect(readFileSync(join(reports, "conformance.md"), "utf8")).toContain("| not judged |");
      expect(JSON.parse(readFileSync(join(reports, "run.json"), "utf8"))).toMatchObject({ state: "target-unavailable" });
      // Skips say why, in the console summary (counted by reason), in JUnit and in the matrix.
      expect(run.output).toMatch(/^ {2}\d+ cases? skipped, by reason:$/m);
      expect(run.output).toMatch(/^ {4}3 × needs an app-only token for the core API/m);
      expect(run.output).toMatch(/^ {2}\d+ cases not judged: the target became unavailable$/m);
      const junit = readFileSync(join(reports, "junit.xml"), "utf8");
      expect(junit).toMatch(/<skipped message="not judged: target unavailable since \d\d:\d\d:\d\d UTC/);
      expect(junit).toMatch(/<skipped message="needs a token for the referrals API&#39;s audience, distinct from this API&#39;s/);
      expect(junit).not.toMatch(/<skipped\/>/);
      expect(readFileSync(join(reports, "conformance.md"), "utf8")).toMatch(/\| 3 \| needs an app-only token for the core API/);
      const allure = readdirSync(join(reports, "allure-results"))
        .filter((f) => f.endsWith("-result.json"))
        .map((f) => JSON.parse(readFileSync(join(reports, "allure-results", f), "utf8")) as { status: string; parameters: { name: string; value: string }[] });
      const skipped = allure.filter((r) => r.status === "skipped");
      expect(skipped.length).toBeGreaterThan(0);
      for (const r of skipped) expect(r.parameters.find((p) => p.name === "skipped because")?.value).toMatch(/^(needs|not judged)/);
    } finally {
      await proxy.close();
      mock.stop();
    }
  });
});

describe("signals", () => {
  test("SIGTERM to `npm run mock` stops the mock: its port is closed afterwards", async () => {
    const child = spawn("npm", ["run", "--silent", "mock", "--", "--port", "0"], { cwd: projectRoot, env: cleanEnv(), stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve) => {
      let banner = "";
      child.stdout.on("data", (d: Buffer) => {
        banner += d.toString();
        const found = / on (http:\/\/\S+)/.exec(banner)?.[1];
        if (found) resolve(found);
      });
    });
    expect((await fetch(`${url}/v1/customers`)).status).toBe(401);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM"); // npm itself, as a terminal's or CI's stop would signal it
    await exited;
    // npm is gone; the mock must be too, not left listening behind it.
    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      refused = await fetch(`${url}/v1/customers`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused).toBe(true);
  });

  test("a run killed midway leaves junit.xml saying it did not finish, never an empty file, and run.json saying running", async () => {
    const reports = mkdtempSync(join(tmpdir(), "pc-killed-"));
    const child = spawn(process.execPath, [vitestBin, "run"], { cwd: projectRoot, env: cleanEnv({ PC_REPORTS_DIR: reports }) });
    await new Promise<void>((resolve) => {
      let output = "";
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes("pc-contract: target")) resolve();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const junit = readFileSync(join(reports, "junit.xml"), "utf8");
    expect(junit).toContain('<error message="incomplete: the run was interrupted or killed before it wrote its results"');
    expect(JSON.parse(readFileSync(join(reports, "run.json"), "utf8"))).toMatchObject({ state: "running" });
  });

  test("a run killed after some cases leaves, beside their Allure results, one saying the run did not finish", async () => {
    const reports = mkdtempSync(join(tmpdir(), "pc-killed-allure-"));
    const results = join(reports, "allure-results");
    const read = () =>
      readdirSync(results)
        .filter((f) => f.endsWith("-result.json"))
        .flatMap((f) => {
          try {
            return [JSON.parse(readFileSync(join(results, f), "utf8")) as { name: string; status: string }];
          } catch {
            return []; // being written
          }
        });
    const child = spawn(process.execPath, [vitestBin, "run"], { cwd: projectRoot, env: cleanEnv({ PC_REPORTS_DIR: reports }), stdio: "ignore" });
    const exited = new Promise((r) => child.on("exit", r));
    // Results are written as cases end: kill once some are there.
    for (let i = 0; i < 600 && !(existsSync(results) && read().length > 30); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await exited;
    const written = read();
    const passed = written.filter((r) => r.status === "passed").length;
    expect(passed).toBeGreaterThan(29);
    expect(passed).toBeLessThan(1900);
    expect(written.filter((r) => r.name === INCOMPLETE_ALLURE_NAME)).toEqual([expect.objectContaining({ status: "broken" })]);
  });
});

describe("reports are never stale, never someone else's", () => {
  const listing = (reports: string) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [vitestBin, "list", "--json"], { cwd: projectRoot, env: cleanEnv({ PC_REPORTS_DIR: reports }), stdio: "ignore" });
      child.on("close", resolve);
    });
  const snapshot = (dir: string) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return `${path} ${statSync(path).size} ${statSync(path).mtimeMs}`;
      })
      .sort();

  test("`vitest list` collects the cases and leaves the last run's reports as they were", async () => {
    const reports = mkdtempSync(join(tmpdir(), "pc-list-"));
    const run = await suite(["suites/auth.test.ts"], { PC_REPORTS_DIR: reports });
    expect(run.code).toBe(0);
    const before = snapshot(reports);
    expect(before.some((f) => f.includes("junit.xml"))).toBe(true);
    expect(await listing(reports)).toBe(0);
    expect(snapshot(reports)).toEqual(before);
  });

  test("a run whose settings cannot be read touches no report: the folder's last junit.xml stays as it was", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "pc-unreadable-"));
    mkdirSync(join(cwd, "reports"));
    writeFileSync(join(cwd, "reports", "junit.xml"), "<testsuites/>\n");
    const run = await runChild(
      process.execPath,
      [vitestBin, "run", "--root", projectRoot, "--config", join(projectRoot, "vitest.config.ts"), "suites/auth.test.ts"],
      {
        cwd,
        env: cleanEnv({ PC_BASEURL: "https://x.test" }),
      },
    );
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/^pc-contract: configuration error: unknown variable PC_BASEURL/m);
    expect(readFileSync(join(cwd, "reports", "junit.xml"), "utf8")).toBe("<testsuites/>\n");
  });

  test("a reports folder holding files git tracks is refused before anything is written: one line, exit 2", async () => {
    const repo = mkdtempSync(join(tmpdir(), "pc-tracked-"));
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: repo });
    git("init", "-q");
    writeFileSync(join(repo, "conformance.md"), "# our own document\n");
    git("add", "conformance.md");
    git("commit", "-q", "-m", "doc");
    const run = await suite(["suites/auth.test.ts"], { PC_REPORTS_DIR: repo });
    expect(run.code, run.output.slice(-1500)).toBe(2);
    expect(run.output).toMatch(/^pc-contract: report error: the reports folder .* holds files git tracks \(conformance\.md\), which a run would overwrite/m);
    expect(readFileSync(join(repo, "conformance.md"), "utf8")).toBe("# our own document\n");
  });
});
