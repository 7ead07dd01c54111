import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { startMock, type RunningMock } from "../src/mock/server.js";
import { startProxy, type RunningProxy } from "../src/proxy/proxy.js";
import { cleanEnv } from "./helpers/clean-env.js";

const send = async (url: string, init: RequestInit = {}) => {
  const r = await fetch(url, init);
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
};

describe("passive mode: the proxy", () => {
  let conformant: RunningMock;
  let broken: RunningMock;
  let good: RunningProxy;
  let bad: RunningProxy;
  beforeAll(async () => {
    conformant = await startMock();
    broken = await startMock({ defects: ["empty-message"] });
    good = await startProxy({ target: conformant.url });
    bad = await startProxy({ target: broken.url });
  });
  afterAll(async () => {
    await good.close();
    await bad.close();
    await conformant.close();
    await broken.close();
  });

  test("forwards traffic unchanged: status, headers, bytes, encodings; only hop-by-hop headers differ", async () => {
    const path = "/v1/customers?size=1";
    const headers = { "MS-CorrelationId": "3f7ac3a8-7d4a-4f3e-9d8b-2b3c4d5e6f70", "MS-RequestId": "0b9b7c3e-3b0a-4b6e-8c11-7a7a0d7b2c55" };
    const direct = await send(`${conformant.url}${path}`, { headers });
    const proxied = await send(`${good.url}${path}`, { headers });
    expect(proxied.status).toBe(direct.status);
    expect(proxied.bytes.equals(direct.bytes)).toBe(true);
    for (const h of ["content-type", "www-authenticate", "ms-correlationid", "ms-requestid"]) expect(proxied.headers.get(h)).toBe(direct.headers.get(h));
    // A gzip body passes through compressed, as the target sent it (fetch undoes it on both sides alike).
    const zipped = await fetch(`${good.url}${path}`, { headers: { "X-Mock-Fault": "gzip", "Accept-Encoding": "gzip" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
  });

  test("judges a conformant response as passing and a broken one as failing, with the rule, as pc-contract check would", async () => {
    const before = good.judged.length;
    await send(`${good.url}/v1/customers?size=1`);
    const ok = good.judged.at(-1)!;
    expect(good.judged.length).toBe(before + 1);
    expect(ok).toMatchObject({ verdict: "pass", status: 401, api: "core", findings: [] });
    await send(`${bad.url}/v1/customers?size=1`);
    const failed = bad.judged.at(-1)!;
    expect(failed).toMatchObject({ verdict: "fail", status: 401, api: "core" });
    expect(failed.findings.map((f) => f.rule)).toEqual(["message/empty"]);
    // Credentials are redacted in what it keeps.
    await send(`${bad.url}/v1/customers?size=1`, { headers: { Authorization: "Bearer not-a-real-token-but-a-secret" } });
    expect(JSON.stringify(bad.entries)).not.toContain("not-a-real-token-but-a-secret");
  });

  test("a target that is down gives the client a 502 saying so, never a hang", async () => {
    const dead = await startProxy({ target: "http://127.0.0.1:9" });
    try {
      const r = await send(`${dead.url}/v1/customers`);
      expect(r.status).toBe(502);
      expect(r.bytes.toString()).toMatch(/^pc-contract proxy: the target did not answer/);
    } finally {
      await dead.close();
    }
  });

  test("pc-contract proxy: stopped with SIGTERM, it writes the HAR, JUnit, findings and matrix, and exits 1 for a failure", async () => {
    const reports = mkdtempSync(join(tmpdir(), "pc-proxy-"));
    const child = spawn(process.execPath, [join(projectRoot, "bin", "pc-contract.mjs"), "proxy", "--target", broken.url, "--port", "0"], {
      cwd: reports,
      env: cleanEnv({ PC_REPORTS_DIR: reports }),
    });
    let output = "";
    const url = await new Promise<string>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        const found = /pc-contract proxy: (http:\/\/\S+) →/.exec(output)?.[1];
        if (found) resolve(found);
      });
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    });
    await send(`${url}/v1/customers?size=1`);
    await send(`${url}/v1.0/engagements/referrals`);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGTERM");
    expect(await exited, output).toBe(1);
    expect(output).toMatch(/^FAIL +GET http:\/\/127\.0\.0\.1:\d+\/v1\/customers\?size=1 → 401 \[message\/empty\]$/m);
    expect(output).toMatch(/2 exchanges forwarded, 2 judged/);
    for (const f of ["proxy.har", "junit.xml", "findings.json", "conformance.md", "conformance.sarif"]) expect(existsSync(join(reports, f)), f).toBe(true);
    expect(readFileSync(join(reports, "junit.xml"), "utf8")).toMatch(/tests="2" failures="2"/);
  });
});
