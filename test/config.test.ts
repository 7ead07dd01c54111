import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../src/config/load-config.js";

const creds = { PC_TENANT_ID: "t", PC_CLIENT_ID: "c", PC_CLIENT_SECRET: "s" };

describe("configuration", () => {
  test("no variables: the bundled mock, not strict", () => {
    const config = loadConfig({ PATH: "/bin" });
    expect(config.coreBaseUrl).toBeUndefined();
    expect(config.strict).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("a sandbox with client credentials; Referrals defaults to the core origin", () => {
    const config = loadConfig({ PC_BASE_URL: "https://api.partnercenter.microsoft.com", ...creds, PC_STRICT: "1", PC_CUSTOMER_ID: "abc" });
    expect(config).toMatchObject({ coreBaseUrl: "https://api.partnercenter.microsoft.com", referralsBaseUrl: "https://api.partnercenter.microsoft.com", strict: true, ids: { customerId: "abc" } });
    expect(config.auth.authority).toBe("https://login.microsoftonline.com");
  });

  test.each([
    ["an unknown PC_ variable", { PC_BASEURL: "x" }, /unknown variable PC_BASEURL/],
    ["a base URL that is not a URL", { PC_BASE_URL: "api.partnercenter", PC_TOKEN: "x" }, /PC_BASE_URL="api.partnercenter" is not a URL/],
    ["a base URL with a path", { PC_BASE_URL: "https://api.partnercenter.microsoft.com/v1", PC_TOKEN: "x" }, /must be an origin without a path/],
    ["a target without credentials", { PC_BASE_URL: "https://api.partnercenter.microsoft.com" }, /no credentials/],
    ["a client id without its secret", { PC_BASE_URL: "https://x.test", PC_TENANT_ID: "t", PC_CLIENT_ID: "c" }, /PC_CLIENT_SECRET is missing/],
    ["PC_STRICT that is not 0 or 1", { PC_STRICT: "yes" }, /PC_STRICT must be 1 or 0/],
    ["an unknown mock defect", { PC_MOCK_DEFECTS: "nope" }, /unknown defect "nope"/],
    ["defects for a remote target", { PC_MOCK_DEFECTS: "empty-body", PC_BASE_URL: "https://x.test", PC_TOKEN: "t" }, /bundled mock only/],
  ])("refuses %s with one line naming it", (_, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
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
