import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { sendRequest } from "../src/transport/send-request.js";
import { cleanEnv } from "./helpers/clean-env.js";
import { bundledCatalog } from "../src/contract/catalog.js";
import { enumerateCases } from "../src/generate/build-cases.js";
import { MOCK_STATS_PATH } from "../src/mock/server.js";
import { probes } from "../suites/probes/index.js";
import { spawnMock } from "../src/mock/spawn-mock.js";

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, env: cleanEnv(env) });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const junitCounts = (file: string) => {
  const head = /<testsuites[^>]*tests="(\d+)"[^>]*failures="(\d+)"[^>]*errors="(\d+)"/.exec(readFileSync(file, "utf8"));
  const skipped = (readFileSync(file, "utf8").match(/<skipped/g) ?? []).length;
  return { tests: Number(head?.[1]), failures: Number(head?.[2]), errors: Number(head?.[3]), skipped };
};

describe("end to end", () => {
  const standaloneMock = (flags: string[]) => spawnMock(flags, cleanEnv());

  const tenant = JSON.parse(readFileSync(join(projectRoot, "fixtures", "mock-tenant.json"), "utf8")) as {
    tenantId: string;
    clientId: string;
    clientSecret: string;
  };
  const canary = { clientSecret: "e2e-canary-client-secret", refreshToken: "e2e-canary-refresh-token" };
  const credentialFlags = ["--client-secret", canary.clientSecret, "--refresh-token", canary.refreshToken];
  const targetEnv = (url: string) => ({
    PC_BASE_URL: url,
    PC_AUTHORITY: url,
    PC_TENANT_ID: tenant.tenantId,
    PC_CLIENT_ID: tenant.clientId,
    PC_CLIENT_SECRET: canary.clientSecret,
    PC_REFRESH_TOKEN: canary.refreshToken,
    // A loopback mock is no production host: its writes may run, and it can take more than a tenant's 5 a second.
    PC_ALLOW_WRITES: "1",
    PC_RATE_LIMIT: "500",
  });

  test("npm run mock serves standalone; the suite pointed at it through PC_BASE_URL and the token endpoint passes", async () => {
    const mock = await standaloneMock(credentialFlags);
    try {
      expect(mock.banner).not.toContain(canary.clientSecret);
      const unauthenticated = await sendRequest({ method: "GET", url: `${mock.url}/v1/customers?size=1`, headers: {} });
      expect(unauthenticated.response.status).toBe(401);
      expect(JSON.parse(Buffer.from(unauthenticated.response.body).toString())).toMatchObject({ code: "800001", source: "PartnerFD" });

      const reports = mkdtempSync(join(tmpdir(), "pc-e2e-"));
      const result = await run("npx", ["vitest", "run"], { ...targetEnv(mock.url), PC_REPORTS_DIR: reports });
      expect(result.code, result.output.slice(-3000)).toBe(0);
      const counts = junitCounts(join(reports, "junit.xml"));
      expect(counts).toMatchObject({ failures: 0, errors: 0, skipped: 0 });
      expect(counts.tests).toBe(probes.length + enumerateCases(1).length);
      expect(result.output).toContain("preflight core: " + mock.url + " answers (200) and accepts the token");
      const matrix = JSON.parse(readFileSync(join(reports, "conformance.json"), "utf8"));
      for (const api of ["core", "referrals"]) {
        expect(matrix[api].coverage.ratio, api).toBe(1);
        expect(
          matrix[api].statuses.filter((s: { state: string }) => s.state !== "proven"),
          api,
        ).toEqual([]);
      }
      const provokable = bundledCatalog()
        .api("core")
        .statuses.errors.filter((e) => e.provokedBy === "client").length;
      expect(result.output).toContain(`core: ${provokable}/${provokable} client-provokable statuses probed (100%)`);
      expect(result.output).toContain(`target: ${mock.url}`);
      expect(result.output).not.toContain(canary.clientSecret);
    } finally {
      mock.stop();
    }
  });

  test("sandbox-like: throttling and short tokens are waited out and renewed; a recording replays offline with the same verdicts; no secret anywhere", async () => {
    const mock = await standaloneMock(["--sandbox-like", ...credentialFlags]);
    try {
      const dir = mkdtempSync(join(tmpdir(), "pc-e2e-"));
      const har = join(dir, "run.har");
      // Three operations' probes and generated cases: enough to be throttled and to outlive a 5-second token (the
      // whole suite at the sandbox's 20 requests a second would take minutes).
      const narrow = ["-t", "(^| )(referrals\\.create|customers\\.create|customers\\.get)/"];
      const live = await run("npx", ["vitest", "run", ...narrow], { ...targetEnv(mock.url), PC_RECORD: har, PC_REPORTS_DIR: join(dir, "live") });
      expect(live.code, live.output.slice(-3000)).toBe(0);
      const stats = (await sendRequest({ method: "GET", url: `${mock.url}${MOCK_STATS_PATH}`, headers: {} })).response.body;
      const { throttled, expiredTokens } = JSON.parse(Buffer.from(stats).toString()) as { throttled: number; expiredTokens: number };
      // The 429 probes aim for some; the rest were met by cases that did not, and were waited out.
      expect(throttled).toBeGreaterThan(2);
      expect(expiredTokens).toBe(0);

      const replay = await run("npx", ["vitest", "run", ...narrow], { PC_REPLAY: har, PC_REPORTS_DIR: join(dir, "replay") });
      expect(replay.code, replay.output.slice(-3000)).toBe(0);
      const verdicts = (file: string) =>
        [...readFileSync(file, "utf8").matchAll(/<testcase[^>]*name="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)]
          .map((m) => `${m[1]} ${/<failure/.test(m[3] ?? "") ? "fail" : /<skipped/.test(m[3] ?? "") ? "skip" : "pass"}`)
          .sort();
      expect(verdicts(join(dir, "replay", "junit.xml"))).toEqual(verdicts(join(dir, "live", "junit.xml")));

      const written = [live.output, replay.output, readFileSync(har, "utf8"), readFileSync(join(dir, "live", "junit.xml"), "utf8")];
      for (const file of readdirSync(join(dir, "live", "allure-results"))) written.push(readFileSync(join(dir, "live", "allure-results", file), "utf8"));
      for (const text of written) {
        expect(text).not.toContain(canary.clientSecret);
        expect(text).not.toContain(canary.refreshToken);
        // The mock's access tokens are JWTs: none may appear, with or without "Bearer".
        expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
      }
    } finally {
      mock.stop();
    }
  });

  test("against a defective mock the suite fails, saying expected, received and how to reproduce, with no secret in sight", async () => {
    const reports = mkdtempSync(join(tmpdir(), "pc-e2e-"));
    const result = await run("npx", ["vitest", "run", "suites/resources.test.ts"], { PC_MOCK_DEFECTS: "wrong-status", PC_REPORTS_DIR: reports });
    expect(result.code).toBe(1);
    expect(result.output).toContain("[status/wrong] wrong status for the fault");
    expect(result.output).toMatch(/expected: 404\n\s+received: 400/);
    expect(result.output).toMatch(
      /Reproduce with:\n\s+curl -i 'http:\/\/127\.0\.0\.1:\d+\/v1\/products\/ZZZZZZZZZZZZ\?country=US' .*-H "authorization: Bearer \$PC_TOKEN"/,
    );
    expect(result.output).not.toMatch(/Bearer ey/);
    expect(result.output).not.toContain(tenant.clientSecret);
    expect(junitCounts(join(reports, "junit.xml")).failures).toBeGreaterThan(0);
    const matrix = JSON.parse(readFileSync(join(reports, "conformance.json"), "utf8"));
    expect(matrix.core.statuses.find((s: { status: number }) => s.status === 404)).toMatchObject({
      state: "violated",
      violatedBy: expect.arrayContaining(["products.get/unknown-product"]),
    });
    expect(readFileSync(join(reports, "junit.xml"), "utf8")).not.toMatch(/Bearer ey/);
  });

  test("a deviation is reported without failing, and fails in strict mode", async () => {
    const env = (strict: string) => ({ PC_MOCK_DEFECTS: "numeric-code", PC_STRICT: strict, PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-e2e-")) });
    const [lenient, strict] = await Promise.all([
      run("npx", ["vitest", "run", "suites/resources.test.ts", "--reporter=verbose"], env("0")),
      run("npx", ["vitest", "run", "suites/resources.test.ts"], env("1")),
    ]);
    expect(lenient.code, lenient.output.slice(-2000)).toBe(0);
    expect(lenient.output).toContain("~ [envelope/numeric-code] numeric code");
    expect(strict.code).toBe(1);
    expect(strict.output).toContain("~ [envelope/numeric-code] numeric code");
  });

  test("two collections in a row list the same case ids", async () => {
    const list = () => run("npx", ["vitest", "list", "--json"], { PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-e2e-")) });
    const [first, second] = [await list(), await list()];
    const ids = (out: string) => out.slice(out.indexOf("["), out.lastIndexOf("]") + 1);
    expect(first.code).toBe(0);
    expect(JSON.parse(ids(first.output)).length).toBe(probes.length + enumerateCases(1).length);
    expect(ids(second.output)).toBe(ids(first.output));
  });

  test("a failing fuzz case prints its seed and a command that replays exactly it", async () => {
    const defect = { PC_MOCK_DEFECTS: "details-wrong-field" };
    const fuzz = await run("npx", ["vitest", "run", "suites/fuzz.test.ts"], {
      ...defect,
      PC_FUZZ_RUNS: "20",
      PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-e2e-")),
    });
    expect(fuzz.code).toBe(1);
    const seed = /seed (\d+), fuzz 20 per operation/.exec(fuzz.output)?.[1];
    expect(seed).toBeDefined();
    const replay = /Replay this case \(seed (\d+)\):\n\s+(PC_SEED=\d+ PC_FUZZ_RUNS=\d+) npx vitest run (\S+) -t '(.+)'/.exec(fuzz.output);
    expect(replay?.[1]).toBe(seed);
    const env = Object.fromEntries(replay![2]!.split(" ").map((kv) => kv.split("=") as [string, string]));
    const reports = mkdtempSync(join(tmpdir(), "pc-e2e-"));
    const again = await run("npx", ["vitest", "run", replay![3]!, "-t", replay![4]!], { ...defect, ...env, PC_REPORTS_DIR: reports });
    expect(again.code).toBe(1);
    const junit = readFileSync(join(reports, "junit.xml"), "utf8");
    const failed = [...junit.matchAll(/<testcase[^>]*name="([^"]+)"[^>]*>\s*<failure/g)].map((m) => m[1]);
    const id = replay![4]!.replace(/\$$/, "").replace(/\\(.)/g, "$1");
    expect(failed).toEqual([expect.stringContaining(id)]);
  });

  test.each([
    ["an unknown variable", { PC_BASEURL: "https://x.test" }, 2, /^pc-contract: configuration error: unknown variable PC_BASEURL;/m],
    [
      "writes against a production host",
      { PC_BASE_URL: "https://api.partnercenter.microsoft.com", PC_TOKEN: "not-used", PC_ALLOW_WRITES: "1" },
      2,
      /^pc-contract: configuration error: PC_ALLOW_WRITES=1 is refused for PC_BASE_URL=https:\/\/api\.partnercenter\.microsoft\.com: a production host/m,
    ],
    [
      "an unreachable target",
      { PC_BASE_URL: "http://127.0.0.1:9", PC_TOKEN: "not-used" },
      3,
      /^pc-contract: environment problem: the core API at http:\/\/127\.0\.0\.1:9 cannot be used: refused:/m,
    ],
    [
      "a malformed recording",
      { PC_REPLAY: "MALFORMED_HAR" },
      2,
      /^pc-contract: recording error: .*bad\.har: log\.entries\[0\]\.response: needs a numeric status$/m,
    ],
  ])("%s stops the run before any probe, in one line, with its own exit code", async (_, env, code, line) => {
    const bad = join(mkdtempSync(join(tmpdir(), "pc-e2e-")), "bad.har");
    writeFileSync(bad, JSON.stringify({ log: { entries: [{ request: { method: "GET", url: "https://x.test/", headers: [] }, response: { headers: [] } }] } }));
    const vars = Object.fromEntries(Object.entries(env as Record<string, string>).map(([k, v]) => [k, v === "MALFORMED_HAR" ? bad : v]));
    const result = await run("npx", ["vitest", "run"], { ...vars, PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-e2e-")) });
    expect(result.code).toBe(code);
    expect(result.output).toMatch(line);
    expect(result.output).not.toContain("not-used");
  });

  test("a corrupt catalog file stops the run at its start: exit 2 and one line naming the file, no unhandled rejection", async () => {
    // A copy of the project (sharing node_modules), so the real catalog is never touched.
    const copy = mkdtempSync(join(tmpdir(), "pc-broken-catalog-"));
    cpSync(projectRoot, copy, { recursive: true, filter: (src) => !/^(node_modules|reports|\.git)(\/|$)/.test(relative(projectRoot, src)) });
    symlinkSync(join(projectRoot, "node_modules"), join(copy, "node_modules"));
    writeFileSync(join(copy, "schemas", "catalog", "referrals-codes.json"), "{");
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn("npx", ["vitest", "run", "suites/auth.test.ts"], { cwd: copy, env: cleanEnv() });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("close", (code) => resolve({ code, output }));
    });
    expect(result.code, result.output).toBe(2);
    const lines = result.output.split("\n").filter((l) => l.startsWith("pc-contract:"));
    expect(lines).toEqual([expect.stringMatching(/^pc-contract: catalog error: schemas\/catalog\/referrals-codes\.json: file: is not valid JSON/)]);
    expect(result.output).not.toMatch(/Unhandled|at .*\.ts:\d+/);
  });

  test("PC_FUZZ_RUNS=00 means off for the whole run, as 0 does", async () => {
    const result = await run("npx", ["vitest", "run"], { PC_FUZZ_RUNS: "00", PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-e2e-")) });
    expect(result.code, result.output.slice(-2000)).toBe(0);
    expect(result.output).not.toContain("fuzz.test.ts");
  });

  test("against the shapes known real traffic has (npm run mock -- --real-traffic) a run passes with deviations, and fails with PC_STRICT=1", async () => {
    const mock = await standaloneMock(["--real-traffic", ...credentialFlags]);
    try {
      expect(mock.banner).toMatch(/defects +numeric-code, string-data-items, bodiless-401/);
      const reports = mkdtempSync(join(tmpdir(), "pc-e2e-"));
      const lenient = await run("npx", ["vitest", "run"], { ...targetEnv(mock.url), PC_REPORTS_DIR: reports });
      expect(lenient.code, lenient.output.slice(-3000)).toBe(0);
      const findings = JSON.parse(readFileSync(join(reports, "findings.json"), "utf8")) as { cases: { findings: { severity: string; rule: string }[] }[] };
      const all = findings.cases.flatMap((c) => c.findings);
      expect(all.length).toBeGreaterThan(100);
      expect(all.filter((f) => f.severity !== "deviation")).toEqual([]);
      const strict = await run("npx", ["vitest", "run"], { ...targetEnv(mock.url), PC_STRICT: "1", PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-e2e-")) });
      expect(strict.code).toBe(1);
    } finally {
      mock.stop();
    }
  });

  test("a token the target refuses is an environment problem, not 400 contract failures", async () => {
    const mock = await standaloneMock([]);
    try {
      const result = await run("npx", ["vitest", "run"], {
        PC_BASE_URL: mock.url,
        PC_TOKEN: "a-token-the-mock-never-issued",
        PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-e2e-")),
      });
      expect(result.code).toBe(3);
      expect(result.output).toMatch(
        /environment problem: the core API at http:\/\/127\.0\.0\.1:\d+ refused the token: GET \/v1\/customers\?size=1 answered 401/,
      );
      expect(result.output).not.toContain("a-token-the-mock-never-issued");
    } finally {
      mock.stop();
    }
  });

  test("canaries: a run with failures, record mode and the HTML report never show the token, the client secret or the refresh token", async () => {
    const secrets = { clientSecret: "canary-client-secret-5e1f", refreshToken: "canary-refresh-token-9a7c", token: "canary-static-token-3b2d" };
    const mock = await standaloneMock([
      "--defect",
      "empty-message",
      "--client-secret",
      secrets.clientSecret,
      "--refresh-token",
      secrets.refreshToken,
      "--static-token",
      secrets.token,
    ]);
    try {
      const dir = mkdtempSync(join(tmpdir(), "pc-canary-"));
      const viaTokenEndpoint = await run("npx", ["vitest", "run"], {
        ...targetEnv(mock.url),
        PC_CLIENT_SECRET: secrets.clientSecret,
        PC_REFRESH_TOKEN: secrets.refreshToken,
        PC_RECORD: join(dir, "a.har"),
        PC_REPORTS_DIR: join(dir, "a"),
      });
      const viaStaticToken = await run("npx", ["vitest", "run", "suites/auth.test.ts", "suites/resources.test.ts"], {
        PC_BASE_URL: mock.url,
        PC_TOKEN: secrets.token,
        PC_RATE_LIMIT: "500",
        PC_RECORD: join(dir, "b.har"),
        PC_REPORTS_DIR: join(dir, "b"),
      });
      expect(viaTokenEndpoint.code).toBe(1);
      expect(viaStaticToken.code).toBe(1);
      const html = await Promise.all(["a", "b"].map((r) => run("npx", ["allure", "generate", join(dir, r, "allure-results"), "-o", join(dir, r, "html")], {})));
      for (const h of html) expect(h.code, h.output).toBe(0);
      const texts = [viaTokenEndpoint.output, viaStaticToken.output, ...html.map((h) => h.output)];
      const walk = (folder: string): string[] =>
        readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(folder, e.name)) : [join(folder, e.name)]));
      const files = walk(dir);
      expect(files.some((f) => f.endsWith("index.html"))).toBe(true);
      expect(files.some((f) => f.endsWith(".har"))).toBe(true);
      for (const file of files) texts.push(readFileSync(file, "utf8"));
      for (const text of texts) {
        for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
      }
    } finally {
      mock.stop();
    }
  });
});
