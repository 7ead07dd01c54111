import { spawn } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { spawnMock } from "../src/mock/spawn-mock.js";
import { cleanEnv } from "./helpers/clean-env.js";

const vitestBin = join(projectRoot, "node_modules", "vitest", "vitest.mjs");

function suite(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitestBin, "run", ...args], { cwd: projectRoot, env: cleanEnv(env) });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
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
  test("a target that dies mid-run: sending stops after 5 failures in a row, the rest is not judged, exit 3, the matrix says not judged", async () => {
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
      const states = Object.values(matrix).flatMap((m) => m.statuses.map((s) => s.state));
      expect(states).toContain("not judged");
      expect(states).not.toContain("violated");
      expect(readFileSync(join(reports, "conformance.md"), "utf8")).toContain("| not judged |");
      expect(JSON.parse(readFileSync(join(reports, "run.json"), "utf8"))).toMatchObject({ state: "target-unavailable" });
    } finally {
      await proxy.close();
      mock.stop();
    }
  });
});
