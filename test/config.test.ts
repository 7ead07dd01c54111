import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvFile, parseEnvFile } from "../src/config/env-file.js";
import { loadConfig } from "../src/config/load-config.js";
import { readSettings } from "../src/config/settings.js";
import { ConfigError } from "../src/errors.js";

const creds = { PC_TENANT_ID: "t", PC_CLIENT_ID: "c", PC_CLIENT_SECRET: "s" };

describe("configuration", () => {
  test("no variables: the bundled mock, not strict", () => {
    const config = loadConfig({ PATH: "/bin" });
    expect(config.origins).toBeUndefined();
    expect(config.strict).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("a sandbox with client credentials; Referrals defaults to the core origin", () => {
    const config = loadConfig({ PC_BASE_URL: "https://api.partnercenter.microsoft.com", ...creds, PC_STRICT: "1", PC_CUSTOMER_ID: "abc" });
    expect(config).toMatchObject({
      origins: { core: "https://api.partnercenter.microsoft.com", referrals: "https://api.partnercenter.microsoft.com" },
      strict: true,
      ids: { customerId: "abc" },
    });
    expect(config.auth.authority).toBe("https://login.microsoftonline.com");
  });

  test.each([
    ["an unknown PC_ variable", { PC_BASEURL: "x" }, /unknown variable PC_BASEURL/],
    ["a base URL that is not a URL", { PC_BASE_URL: "api.partnercenter", PC_TOKEN: "x" }, /PC_BASE_URL is not a URL/],
    ["a base URL with a path", { PC_BASE_URL: "https://api.partnercenter.microsoft.com/v1", PC_TOKEN: "x" }, /must be an origin without a path/],
    ["a target without credentials", { PC_BASE_URL: "https://api.partnercenter.microsoft.com" }, /no credentials/],
    ["a client id without its secret", { PC_BASE_URL: "https://x.test", PC_TENANT_ID: "t", PC_CLIENT_ID: "c" }, /PC_CLIENT_SECRET is missing/],
    ["PC_STRICT that is not 0 or 1", { PC_STRICT: "yes" }, /PC_STRICT must be 1 or 0/],
    [
      "a Referrals origin without the core one",
      { PC_REFERRALS_BASE_URL: "https://api.partner.microsoft.com", PC_TOKEN: "t" },
      /PC_REFERRALS_BASE_URL is set but PC_BASE_URL is not/,
    ],
    ["defects for a remote target", { PC_MOCK_DEFECTS: "empty-body", PC_BASE_URL: "https://x.test", PC_TOKEN: "t" }, /bundled mock only/],
    [
      "writes against the production core host",
      { PC_BASE_URL: "https://api.partnercenter.microsoft.com", PC_TOKEN: "t", PC_ALLOW_WRITES: "1" },
      /PC_ALLOW_WRITES=1 is refused for PC_BASE_URL=https:\/\/api\.partnercenter\.microsoft\.com: a production host/,
    ],
    [
      "writes against the production Referrals host",
      { PC_BASE_URL: "https://pc-proxy.test", PC_REFERRALS_BASE_URL: "https://api.partner.microsoft.com", PC_TOKEN: "t", PC_ALLOW_WRITES: "1" },
      /refused for PC_REFERRALS_BASE_URL/,
    ],
    ["a replay file that does not exist", { PC_REPLAY: "/nonexistent/run.har" }, /PC_REPLAY=\/nonexistent\/run\.har: no such file/],
    ["a rate that is not a number", { PC_RATE_LIMIT: "fast" }, /^PC_RATE_LIMIT must be a number above 0$/],
    ["a request budget that is not whole", { PC_MAX_REQUESTS: "1.5" }, /PC_MAX_REQUESTS must be a whole number/],
  ])("refuses %s with one line naming it", (_, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test("a live target is paced by default; the bundled mock is not", () => {
    expect(loadConfig({ PC_BASE_URL: "https://x.test", PC_TOKEN: "t" }).pacing).toEqual({
      ratePerSecond: 5,
      maxRequests: 10_000,
      timeBudgetMs: 1_800_000,
      maxRetryWaitMs: 120_000,
      requestTimeoutMs: 15_000,
    });
    expect(loadConfig({}).pacing).toEqual({ maxRetryWaitMs: 120_000, requestTimeoutMs: 15_000 });
  });

  test("user info in a base URL is dropped, never echoed", () => {
    const config = loadConfig({ PC_BASE_URL: "https://user:s3cr3t-in-url@pc-staging.contoso.test", PC_TOKEN: "t" });
    expect(config.origins!.core).toBe("https://pc-staging.contoso.test");
    expect(() => loadConfig({ PC_BASE_URL: "https://user:s3cr3t-in-url@x.test/v1", PC_TOKEN: "t" })).toThrow(/^(?!.*s3cr3t-in-url)/);
  });

  test("static tokens per API: Referrals falls back to PC_TOKEN", () => {
    expect(loadConfig({ PC_BASE_URL: "https://x.test", PC_TOKEN: "t" }).auth.tokens).toEqual({ core: "t", referrals: "t" });
    expect(loadConfig({ PC_BASE_URL: "https://x.test", PC_TOKEN: "t", PC_REFERRALS_TOKEN: "r" }).auth.tokens).toEqual({ core: "t", referrals: "r" });
  });

  test("one reader: the light settings and the full configuration read a value the same way (PC_FUZZ_RUNS=00 is 0)", () => {
    const env = { PC_FUZZ_RUNS: "00", PC_STRICT: "true", PC_REPORTS_DIR: "out" };
    const settings = readSettings(env);
    const config = loadConfig(env);
    expect(settings).toMatchObject({ fuzzRuns: 0, strict: true, reportsDir: "out" });
    expect({ fuzzRuns: config.fuzzRuns, strict: config.strict, reportsDir: config.reportsDir }).toEqual({ fuzzRuns: 0, strict: true, reportsDir: "out" });
    expect(() => readSettings({ PC_FUZZ_RUNS: "many" })).toThrow(/PC_FUZZ_RUNS must be a whole number/);
  });

  test("a fuzz run and a replay write beside the main run's reports unless told where; never over them", () => {
    expect(readSettings({}).reportsDir).toBe("reports");
    expect(readSettings({ PC_FUZZ_RUNS: "10" }).reportsDir).toBe("reports/fuzz");
    expect(readSettings({ PC_REPLAY: "run.har" }).reportsDir).toBe("reports/replay");
    expect(readSettings({ PC_FUZZ_RUNS: "10", PC_REPORTS_DIR: "out" }).reportsDir).toBe("out");
  });

  test("writes on Partner Center's hosts: only as a sandbox whose tenant id is typed twice", () => {
    const base = { PC_BASE_URL: "https://api.partnercenter.microsoft.com", PC_TOKEN: "t", PC_TENANT_ID: "6f1d0c5e-2b7a-4c3e-9d8f-0a1b2c3d4e5f" };
    const confirmed = loadConfig({ ...base, PC_ALLOW_WRITES: "sandbox", PC_SANDBOX_TENANT_ID: "6F1D0C5E-2B7A-4C3E-9D8F-0A1B2C3D4E5F" });
    expect([confirmed.allowWrites, confirmed.writeTenant]).toEqual([true, "6f1d0c5e-2b7a-4c3e-9d8f-0a1b2c3d4e5f"]);
    expect(() => loadConfig({ ...base, PC_ALLOW_WRITES: "sandbox" })).toThrow(/^PC_ALLOW_WRITES=sandbox needs PC_TENANT_ID and PC_SANDBOX_TENANT_ID/);
    expect(() => loadConfig({ ...base, PC_ALLOW_WRITES: "sandbox", PC_SANDBOX_TENANT_ID: "00000000-0000-0000-0000-000000000000" })).toThrow(
      /^PC_SANDBOX_TENANT_ID differs from PC_TENANT_ID/,
    );
    expect(() => loadConfig({ ...base, PC_ALLOW_WRITES: "1" })).toThrow(/For an integration sandbox, set PC_ALLOW_WRITES=sandbox and PC_SANDBOX_TENANT_ID/);
    expect(loadConfig(base).allowWrites).toBe(false);
  });

  test("writes may be enabled for a host that is not production", () => {
    expect(loadConfig({ PC_BASE_URL: "https://pc-staging.contoso.test", PC_TOKEN: "t", PC_ALLOW_WRITES: "1" }).allowWrites).toBe(true);
  });

  test("a replay cannot be pointed at a live target too", () => {
    const file = join(mkdtempSync(join(tmpdir(), "pc-config-")), "run.har");
    writeFileSync(file, "{}");
    expect(() => loadConfig({ PC_REPLAY: file, PC_BASE_URL: "https://x.test", PC_TOKEN: "t" })).toThrow(/PC_REPLAY runs offline: unset the base URL variables/);
  });

  test("never repeats a secret in its messages", () => {
    try {
      loadConfig({ PC_BASE_URL: "https://x.test", PC_TENANT_ID: "t", PC_CLIENT_SECRET: "s3cr3t-value" });
    } catch (error) {
      expect((error as Error).message).not.toContain("s3cr3t-value");
      return;
    }
    throw new Error("expected a ConfigError");
  });
});

describe(".env", () => {
  test("KEY=VALUE lines, comments and quotes; the environment wins", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-env-"));
    const file = join(dir, ".env");
    writeFileSync(file, "# sandbox\nPC_BASE_URL=https://x.test\nexport PC_TOKEN='quoted value'\nPC_STRICT=1 # strict\n\n");
    const env: NodeJS.ProcessEnv = { PC_STRICT: "0" };
    loadEnvFile(file, env);
    expect(env).toEqual({ PC_BASE_URL: "https://x.test", PC_TOKEN: "quoted value", PC_STRICT: "0" });
  });

  test("a malformed line is named with its file and line, never shown (it may hold a secret)", () => {
    expect(() => parseEnvFile("PC_A=1\nthis is not a pair s3cret\n", ".env")).toThrow(
      /^\.env:2: expected KEY=VALUE \(one a line; the line is not shown, it may hold a secret\)$/,
    );
  });

  test("values as Node's own parser reads them; a key given twice is a notice, the last one counts", () => {
    expect(parseEnvFile("PC_SEED=\"222\" # note\nexport PC_TOKEN='q v'\nPC_STRICT=1\nPC_STRICT=0\n", ".env")).toEqual({
      values: { PC_SEED: "222", PC_TOKEN: "q v", PC_STRICT: "0" },
      notices: [".env:4: PC_STRICT is set again (first on line 3); the last one counts"],
    });
  });
});
