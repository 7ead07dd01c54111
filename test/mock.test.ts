import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bundledSchemas } from "../src/contract/load-schemas.js";
import { startMock, type RunningMock } from "../src/mock/server.js";
import { coreError, coreTemplates, referralsError, referralsTemplates, type CoreTemplateName, type ReferralsTemplateName } from "../src/mock/templates.js";
import { sendRequest } from "../src/transport/send-request.js";
import { generateValidBody } from "../src/generate/generate-valid-body.js";
import { operationById } from "../src/contract/operations.js";
import { headerValue } from "../src/transport/exchange.js";

const schemas = bundledSchemas();

describe("error templates", () => {
  test.each(Object.keys(coreTemplates))("core %s validates against the core envelope schema", (name) => {
    const r = coreError(name as CoreTemplateName, ["x", "y"]);
    expect(schemas.core(r.json)).toEqual([]);
    expect((r.json as { description: string }).description).not.toMatch(/\{\d\}/);
  });

  test.each(Object.keys(referralsTemplates))("referrals %s validates against the Referrals envelope schema", (name) => {
    expect(schemas.referrals(referralsError(name as ReferralsTemplateName, { details: [{ name: ["required"] }] }).json)).toEqual([]);
  });
});

describe("mock Partner Center", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ tokenLifetimeSeconds: 2, throttleLimit: 3 });
  });
  afterAll(() => mock.close());

  const tokenUrl = () => `${mock.url}/${mock.options.tenantId}/oauth2/v2.0/token`;
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    url: tokenUrl(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: Buffer.from(new URLSearchParams(fields).toString()),
  });
  const credentials = () => ({ client_id: mock.options.clientId, client_secret: mock.options.clientSecret });
  const json = (body: Uint8Array) => JSON.parse(Buffer.from(body).toString("utf8"));

  async function token(scope = "https://api.partnercenter.microsoft.com/.default", grant: Record<string, string> = { grant_type: "client_credentials" }) {
    const ex = await sendRequest(form({ ...credentials(), scope, ...grant }));
    expect(ex.response.status).toBe(200);
    return json(ex.response.body).access_token as string;
  }

  describe("token endpoint, in the identity platform's shape", () => {
    test.each([
      ["an unknown tenant", { url: `/not-a-tenant/oauth2/v2.0/token` }, 400, "invalid_request", 90002],
      ["a wrong client secret", { client_secret: "wrong" }, 401, "invalid_client", 7000215],
      ["an unknown client", { client_id: "00000000-0000-0000-0000-000000000000" }, 400, "unauthorized_client", 700016],
      ["an unsupported grant", { grant_type: "password" }, 400, "unsupported_grant_type", 70003],
      ["a scope for another resource", { scope: "https://graph.microsoft.com/.default" }, 400, "invalid_scope", 70011],
      ["client credentials without /.default", { scope: "https://api.partnercenter.microsoft.com/user_impersonation" }, 400, "invalid_scope", 1002012],
      ["a refresh token it never issued", { grant_type: "refresh_token", refresh_token: "stolen" }, 400, "invalid_grant", 9002313],
    ])("refuses %s", async (_, change, status, error, aadsts) => {
      const { url, ...fields } = change as Record<string, string>;
      const request = form({ grant_type: "client_credentials", scope: "https://api.partnercenter.microsoft.com/.default", ...credentials(), ...fields });
      const ex = await sendRequest(url ? { ...request, url: `${mock.url}${url}` } : request);
      expect(ex.response.status).toBe(status);
      const body = json(ex.response.body);
      expect(body).toMatchObject({ error, error_codes: [aadsts] });
      expect(body.error_description).toMatch(new RegExp(`^AADSTS${aadsts}: .+ Trace ID: .+ Correlation ID: .+ Timestamp: `));
      expect(body).toHaveProperty("trace_id");
      expect(body).toHaveProperty("correlation_id");
    });

    test("issues app tokens by client credentials and user tokens by refresh token, each for its API", async () => {
      const app = await token();
      const user = await token("https://api.partner.microsoft.com/.default", { grant_type: "refresh_token", refresh_token: mock.options.refreshToken });
      const claims = (t: string) => JSON.parse(Buffer.from(t.split(".")[1]!, "base64url").toString());
      expect(claims(app)).toMatchObject({ aud: "https://api.partnercenter.microsoft.com", idtyp: "app" });
      expect(claims(user)).toMatchObject({ aud: "https://api.partner.microsoft.com", idtyp: "user" });
    });

    test("a token stops working when it expires", async () => {
      const t = await token();
      const get = () => sendRequest({ method: "GET", url: `${mock.url}/v1/profiles/legalbusiness`, headers: { Authorization: `Bearer ${t}` } });
      expect((await get()).response.status).toBe(200);
      await new Promise((r) => setTimeout(r, 2100));
      const expired = await get();
      expect(expired.response.status).toBe(401);
      expect(headerValue(expired.response.headers, "www-authenticate")).toMatch(/^OAuth realm=urn:cpsvc:cpid:/);
    });
  });

  test("answers an unauthenticated GET /v1/customers?size=1 with 401 and the core envelope", async () => {
    const ex = await sendRequest({ method: "GET", url: `${mock.url}/v1/customers?size=1`, headers: {} });
    expect(ex.response.status).toBe(401);
    expect(schemas.core(json(ex.response.body))).toEqual([]);
  });

  test("refuses a Referrals body without Content-Length with 411, and one over the limit with 413", async () => {
    const auth = { Authorization: `Bearer ${await token("https://api.partner.microsoft.com/.default", { grant_type: "refresh_token", refresh_token: mock.options.refreshToken })}`, "Content-Type": "application/json" };
    const url = `${mock.url}/v1.0/engagements/referrals`;
    const chunked = await sendRequest({ method: "POST", url, headers: auth, body: Buffer.from("{}"), chunked: true });
    expect(chunked.response.status).toBe(411);
    const large = await sendRequest({ method: "POST", url, headers: auth, body: Buffer.alloc(mock.options.maxBodyBytes + 1, "a") });
    expect(large.response.status).toBe(413);
  });

  test("serves byte ranges of a referral and refuses one past the end with 416 and Content-Range", async () => {
    const auth = { Authorization: `Bearer ${await token("https://api.partner.microsoft.com/.default", { grant_type: "refresh_token", refresh_token: mock.options.refreshToken })}` };
    const url = `${mock.url}/v1.0/engagements/referrals/${mock.options.ids.referralId}`;
    const partial = await sendRequest({ method: "GET", url, headers: { ...auth, Range: "bytes=0-9" } });
    expect(partial.response.status).toBe(206);
    expect(partial.response.body.byteLength).toBe(10);
    const past = await sendRequest({ method: "GET", url, headers: { ...auth, Range: "bytes=999999-" } });
    expect(past.response.status).toBe(416);
    expect(headerValue(past.response.headers, "content-range")).toMatch(/^bytes \*\/\d+$/);
  });

  test("answers an available domain's HEAD with 404 and no body, a taken one with 200", async () => {
    const auth = { Authorization: `Bearer ${await token()}` };
    const head = (d: string) => sendRequest({ method: "HEAD", url: `${mock.url}/v1/domains/${d}`, headers: auth });
    const free = await head("free-domain.onmicrosoft.com");
    expect([free.response.status, headerValue(free.response.headers, "content-length")]).toEqual([404, "0"]);
    expect((await head(mock.options.ids.takenDomain!)).response.status).toBe(200);
  });

  test("throttles one caller on one path after its limit, with Retry-After", async () => {
    const auth = { Authorization: `Bearer ${await token()}` };
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await sendRequest({ method: "GET", url: `${mock.url}/v1/invoices`, headers: auth });
      statuses.push(last.response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(headerValue(last!.response.headers, "retry-after"))).toBeGreaterThan(0);
  });

  test("accepts a valid referral (201 with an ETag) and a valid patch with it (204)", async () => {
    const auth = { Authorization: `Bearer ${await token("https://api.partner.microsoft.com/.default", { grant_type: "refresh_token", refresh_token: mock.options.refreshToken })}`, "Content-Type": "application/json" };
    const body = generateValidBody(operationById("referrals.create"), 2026);
    const created = await sendRequest({ method: "POST", url: `${mock.url}/v1.0/engagements/referrals`, headers: auth, body: Buffer.from(JSON.stringify(body)) });
    expect(created.response.status).toBe(201);
    const { id } = json(created.response.body);
    const patch = [{ op: "replace", path: "/name", value: "renamed" }];
    const patched = await sendRequest({ method: "PATCH", url: `${mock.url}/v1.0/engagements/referrals/${id}`, headers: { ...auth, "If-Match": headerValue(created.response.headers, "etag")! }, body: Buffer.from(JSON.stringify(patch)) });
    expect(patched.response.status).toBe(204);
  });
});
