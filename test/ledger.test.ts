import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { spawnMock } from "../src/mock/spawn-mock.js";
import { createdBy } from "../src/probes/ledger.js";
import { toHeaderMap } from "../src/transport/exchange.js";
import { cleanEnv } from "./helpers/clean-env.js";
import { runChild } from "./helpers/run-child.js";

const tenant = JSON.parse(readFileSync(join(projectRoot, "fixtures", "mock-tenant.json"), "utf8")) as {
  tenantId: string;
  clientId: string;
  ids: Record<string, string>;
};
const secret = "ledger-test-client-secret";
const refresh = "ledger-test-refresh-token";
/** The standalone mock as a live target, with the credentials it was started with. */
const credentials = (url: string) => ({
  PC_BASE_URL: url,
  PC_AUTHORITY: url,
  PC_TENANT_ID: tenant.tenantId,
  PC_CLIENT_ID: tenant.clientId,
  PC_CLIENT_SECRET: secret,
  PC_REFRESH_TOKEN: refresh,
});

function pcContract(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runChild(process.execPath, [join(projectRoot, "bin", "pc-contract.mjs"), ...args], { cwd, env: cleanEnv(env) });
}

const exchange = (method: string, url: string, status: number, headers: Record<string, string>, body: unknown) => ({
  request: { method, url, headers: {} },
  response: { status, headers: toHeaderMap(headers), body: new TextEncoder().encode(JSON.stringify(body)) },
  timing: { startedAt: "2026-12-07T00:00:00.000Z", durationMs: 1 },
});

describe("the ledger of what a run created", () => {
  test("an accepted POST is read as a created resource with the call that removes it, from Location or the body's id", () => {
    const customer = createdBy("customers.create/x", "core", exchange("POST", "https://pc.test/v1/customers", 201, {}, { id: "c-1" }));
    expect(customer).toMatchObject({ url: "https://pc.test/v1/customers/c-1", removal: { method: "DELETE", url: "https://pc.test/v1/customers/c-1" } });
    const referral = createdBy(
      "referrals.create/x",
      "referrals",
      exchange("POST", "https://pc.test/v1.0/engagements/referrals", 201, { Location: "/v1.0/engagements/referrals/r-1" }, {}),
    );
    // A referral is closed, not deleted: patch-a-referral's two replace operations, closed as Lost.
    expect(referral).toMatchObject({
      url: "https://pc.test/v1.0/engagements/referrals/r-1",
      removal: {
        method: "PATCH",
        body: [
          { path: "/status", value: "Closed" },
          { path: "/substatus", value: "Lost" },
        ],
      },
    });
    expect(referral?.removal?.url).toBe("https://pc.test/v1.0/engagements/referrals/r-1");
    expect(createdBy("carts.create/x", "core", exchange("POST", "https://pc.test/v1/customers/c/carts", 201, {}, { id: "k" }))).toMatchObject({
      note: "a cart that is never checked out expires on its own",
      expires: true,
    });
    expect(createdBy("customers.create/x", "core", exchange("POST", "https://pc.test/v1/customers", 400, {}, { id: "c-1" }))).toBeUndefined();
    expect(createdBy("validate/x", "core", exchange("POST", "https://pc.test/v1/validations/address", 200, {}, { status: "ok" }))).toBeUndefined();
  });

  test("against a lenient sandbox-shaped mock, what bad writes created is removed at the end of the run; created.json says so", async () => {
    const mock = await spawnMock(["--lenient-writes", "--client-secret", secret, "--refresh-token", refresh], cleanEnv());
    try {
      const dir = mkdtempSync(join(tmpdir(), "pc-ledger-"));
      const env = { ...credentials(mock.url), PC_ALLOW_WRITES: "1", PC_RATE_LIMIT: "500" };
      const resources = async () => ((await (await fetch(`${mock.url}/_mock/stats`)).json()) as { resources: Record<string, number> }).resources;
      const before = await resources();
      const run = await pcContract(dir, ["run", "--area", "generated", "--operation", "customers.create", "--operation", "customer-users.create"], env);
      // The lenient service accepted bad bodies: failures (or deviations) of the contract, and resources to remove.
      expect(run.output).toMatch(/created (\d+) resources by accident; removed \1; 0 left/);
      const ledger = JSON.parse(readFileSync(join(dir, "reports", "created.json"), "utf8")) as { created: number; removed: number; left: unknown[] };
      expect(ledger.created).toBeGreaterThan(0);
      expect([ledger.removed, ledger.left]).toEqual([ledger.created, []]);
      // The store holds what it held before the run: every customer and user created is gone.
      expect(await resources()).toEqual(before);
    } finally {
      mock.stop();
    }
  });

  test("pc-contract cleanup removes what is left with the environment's credentials, and keeps what it cannot, with the call", async () => {
    const mock = await spawnMock(["--client-secret", secret, "--refresh-token", refresh], cleanEnv());
    try {
      const dir = mkdtempSync(join(tmpdir(), "pc-cleanup-"));
      const env = credentials(mock.url);
      const token = (
        (await (
          await fetch(`${mock.url}/${tenant.tenantId}/oauth2/v2.0/token`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              grant_type: "client_credentials",
              client_id: tenant.clientId,
              client_secret: secret,
              scope: "https://api.partnercenter.microsoft.com/.default",
            }),
          })
        ).json()) as { access_token: string }
      ).access_token;
      // The mock's DELETE works with the token; a ledger names one customer that exists and one removal whose host answers nothing.
      const direct = await fetch(`${mock.url}/v1/customers/${tenant.ids.customerId}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
      expect(direct.status).toBe(204);
      const file = join(dir, "created.json");
      const resource = (url: string) => ({ case: "x", api: "core", url, at: "2026-12-07T00:00:00.000Z", removal: { method: "DELETE", url } });
      writeFileSync(
        file,
        JSON.stringify({
          created: 2,
          removed: 0,
          expire: [],
          left: [resource(`${mock.url}/v1/customers/${tenant.ids.throttledCustomerId}`), resource("http://127.0.0.1:9/v1/customers/gone")],
        }),
      );
      const cleanup = await pcContract(dir, ["cleanup", file], env);
      expect(cleanup.code, cleanup.output).toBe(1);
      expect(cleanup.output).toMatch(/created\.json: 2 to remove; removed 1; 1 left \(each with the call that removes it\)/);
      expect(cleanup.output).toContain("curl -X DELETE 'http://127.0.0.1:9/v1/customers/gone' -H \"Authorization: Bearer $PC_TOKEN\"");
      expect(cleanup.output).not.toContain(secret);
      const after = JSON.parse(readFileSync(file, "utf8")) as { left: { url: string }[] };
      expect(after.left.map((r) => r.url)).toEqual(["http://127.0.0.1:9/v1/customers/gone"]);
    } finally {
      mock.stop();
    }
  });
});
