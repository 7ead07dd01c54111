import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AuthError } from "../src/errors.js";
import { TokenProvider } from "../src/auth/token-provider.js";
import { startMock, type RunningMock } from "../src/mock/server.js";

describe("token provider against the mock's token endpoint", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ tokenLifetimeSeconds: 2 });
  });
  afterAll(() => mock.close());

  const provider = (over: Record<string, string> = {}) =>
    new TokenProvider({
      authority: mock.url,
      tokens: {},
      tenantId: mock.options.tenantId,
      clientId: mock.options.clientId,
      clientSecret: mock.options.clientSecret,
      refreshToken: mock.options.refreshToken,
      ...over,
    });

  test("caches a token and renews it before it expires", async () => {
    const p = provider();
    const first = await p.token("core", "app");
    expect(await p.token("core", "app")).toBe(first);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await p.token("core", "app")).not.toBe(first);
  });

  test("keeps app and user tokens, core and Referrals tokens apart", async () => {
    const p = provider();
    const tokens = await Promise.all([p.token("core", "app"), p.token("core", "user"), p.token("referrals", "user")]);
    expect(new Set(tokens).size).toBe(3);
  });

  test("reports a refused secret in one line, without the secret or trace noise", async () => {
    const p = provider({ clientSecret: "wrong-secret-value" });
    const error = await p.token("core", "app").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^token endpoint refused client_credentials for scope https:\/\/api\.partnercenter\.microsoft\.com\/\.default: 401 invalid_client: AADSTS7000215: Invalid client secret provided\./,
    );
    expect(message).not.toContain("wrong-secret-value");
    expect(message).not.toContain("Trace ID");
    expect(message.split("\n")).toHaveLength(1);
  });

  test("a static token is handed out as given", async () => {
    const p = new TokenProvider({ authority: mock.url, tokens: { core: "static-core", referrals: "static-referrals" } });
    expect([await p.token("core", "user"), await p.token("referrals", "app")]).toEqual(["static-core", "static-referrals"]);
  });

  test("says which variable is missing for a user token", async () => {
    const p = provider({ refreshToken: "" });
    const bare = new TokenProvider({ authority: mock.url, tokens: {}, tenantId: "t", clientId: "c", clientSecret: "s" });
    expect(bare.canIssue("user", "referrals")).toBe(false);
    await expect(bare.token("referrals", "user")).rejects.toThrow(/PC_REFRESH_TOKEN/);
    expect(p.canIssue("app", "core")).toBe(true);
  });
});
