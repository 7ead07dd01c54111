import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contractOf } from "../src/contract/catalog.js";
import { coreError, coreTemplates, type CoreTemplateName } from "../src/mock/core/templates.js";
import { jsonOf } from "../src/mock/mock-response.js";
import { referralsError, referralsTemplates, type ReferralsTemplateName } from "../src/mock/referrals/templates.js";
import { coreMock } from "../src/mock/core/index.js";
import { startMock, type RunningMock } from "../src/mock/server.js";
import { MockError } from "../src/errors.js";
import { sendRequest } from "../src/transport/send-request.js";
import { generateValidBody } from "../src/generate/generate-valid-body.js";
import { operationById } from "../src/contract/operations.js";
import { headerValue } from "../src/transport/exchange.js";

const schemas = { core: contractOf("core").validate, referrals: contractOf("referrals").validate };

describe("error templates", () => {
  test.each(Object.keys(coreTemplates))("core %s validates against the core envelope schema", (name) => {
    const json = jsonOf(coreError(name as CoreTemplateName, ["x", "y"]));
    expect(schemas.core(json)).toEqual([]);
    expect((json as { description: string }).description).not.toMatch(/\{\d\}/);
  });

  test.each(Object.keys(referralsTemplates))("referrals %s validates against the Referrals envelope schema", (name) => {
    expect(schemas.referrals(jsonOf(referralsError(name as ReferralsTemplateName, { details: [{ name: ["required"] }] })))).toEqual([]);
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

  test("answers the handshake that says it is pc-contract's mock, with the ids it seeded and no secret", async () => {
    const ex = await sendRequest({ method: "GET", url: `${mock.url}/_mock/fixtures`, headers: {} });
    const body = json(ex.response.body);
    expect(body).toEqual({ mock: "pc-contract-mock", ids: mock.options.ids });
    expect(JSON.stringify(body)).not.toContain(mock.options.clientSecret);
  });

  test("answers an unauthenticated GET /v1/customers?size=1 with 401 and the core envelope", async () => {
    const ex = await sendRequest({ method: "GET", url: `${mock.url}/v1/customers?size=1`, headers: {} });
    expect(ex.response.status).toBe(401);
    expect(schemas.core(json(ex.response.body))).toEqual([]);
  });

  test("refuses a Referrals body without Content-Length with 411, and one over the limit with 413", async () => {
    const auth = {
      Authorization: `Bearer ${await token("https://api.partner.microsoft.com/.default", { grant_type: "refresh_token", refresh_token: mock.options.refreshToken })}`,
      "Content-Type": "application/json",
    };
    const url = `${mock.url}/v1.0/engagements/referrals`;
    const chunked = await sendRequest({ method: "POST", url, headers: auth, body: Buffer.from("{}"), chunked: true });
    expect(chunked.response.status).toBe(411);
    const large = await sendRequest({ method: "POST", url, headers: auth, body: Buffer.alloc(mock.options.maxBodyBytes + 1, "a") });
    expect(large.response.status).toBe(413);
  });

  test("serves byte ranges of a referral and refuses one past the end with 416 and Content-Range", async () => {
    const auth = {
      Authorization: `Bearer ${await token("https://api.partner.microsoft.com/.default", { grant_type: "refresh_token", refresh_token: mock.options.refreshToken })}`,
    };
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
    const auth = {
      Authorization: `Bearer ${await token("https://api.partner.microsoft.com/.default", { grant_type: "refresh_token", refresh_token: mock.options.refreshToken })}`,
      "Content-Type": "application/json",
    };
    const body = generateValidBody(operationById("referrals.create"), 2026);
    const created = await sendRequest({
      method: "POST",
      url: `${mock.url}/v1.0/engagements/referrals`,
      headers: auth,
      body: Buffer.from(JSON.stringify(body)),
    });
    expect(created.response.status).toBe(201);
    const { id } = json(created.response.body);
    const patch = [{ op: "replace", path: "/name", value: "renamed" }];
    const patched = await sendRequest({
      method: "PATCH",
      url: `${mock.url}/v1.0/engagements/referrals/${id}`,
      headers: { ...auth, "If-Match": headerValue(created.response.headers, "etag")! },
      body: Buffer.from(JSON.stringify(patch)),
    });
    expect(patched.response.status).toBe(204);
  });
});

describe("the mock when it is itself broken", () => {
  test("a handler that throws gets a plain 500 naming the fault, not a hung request", async () => {
    const broken = {
      ...coreMock,
      routes: [
        {
          pattern: "/v1/customers",
          methods: {
            GET: () => {
              throw new TypeError("handler bug");
            },
          },
        },
      ],
    };
    const mock = await startMock({ staticToken: "static-token-broken-mock" }, [broken]);
    try {
      const ex = await sendRequest(
        { method: "GET", url: `${mock.url}/v1/customers?size=1`, headers: { Authorization: "Bearer static-token-broken-mock" } },
        { timeoutMs: 5_000 },
      );
      expect(ex.response.status).toBe(500);
      expect(headerValue(ex.response.headers, "content-type")).toMatch(/^text\/plain/);
      expect(Buffer.from(ex.response.body).toString()).toBe("pc-contract mock: internal error: handler bug\n");
    } finally {
      await mock.close();
    }
  });

  test("an unknown defect stops it from starting, naming the known ones", async () => {
    await expect(startMock({ defects: ["nope"] })).rejects.toThrow(MockError);
    await expect(startMock({ defects: ["nope"] })).rejects.toThrow(/unknown defect "nope" \(PC_MOCK_DEFECTS, --defect\); known: description-over-1024/);
  });
});
