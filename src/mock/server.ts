import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiName } from "../contract/types.js";
import { coreRoutes } from "./core-routes.js";
import { applyDefects, findDefects, type Defect } from "./defects.js";
import { mockOptions, type MockOptions } from "./mock-options.js";
import { MockFailure, type MockResponse } from "./mock-response.js";
import { MockState } from "./mock-state.js";
import { referralsRoutes } from "./referrals-routes.js";
import { allowedMethods, Router, type MockRequest, type RouteContext } from "./router.js";
import { coreError, referralsError, templateForStatus } from "./templates.js";
import { issueToken } from "./token-endpoint.js";
import { AUDIENCES, TokenSigner, type TokenClaims } from "./tokens.js";
import { Throttle } from "./throttle.js";
import { transportFaults } from "./transport-faults.js";

export interface RunningMock {
  /** Origin serving both APIs and the token endpoint, e.g. http://127.0.0.1:4010 */
  url: string;
  options: MockOptions;
  close(): Promise<void>;
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
export const MOCK_FIXTURES_PATH = "/_mock/fixtures";
/** What the mock has answered so far, for tests that must know a run met throttling or expired tokens. */
export const MOCK_STATS_PATH = "/_mock/stats";
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;

const apiOf = (path: string): ApiName | undefined =>
  /^\/v1\.0\/engagements\/referrals(\/|$)/i.test(path) ? "referrals" : /^\/v1(\/|$)/i.test(path) ? "core" : undefined;

function errorFor(api: ApiName, status: number, options: MockOptions, retryAfter?: number): MockResponse | undefined {
  const name = (templateForStatus[api] as Record<number, string>)[status];
  if (!name) return undefined;
  const headers: Record<string, string> = retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {};
  return api === "core"
    ? coreError(name as Parameters<typeof coreError>[0], [String(retryAfter ?? 30)], headers)
    : referralsError(name as Parameters<typeof referralsError>[0], { headers });
}

function unauthorized(api: ApiName, options: MockOptions, kind: "missing" | "invalid", audience?: string): MockResponse {
  if (api === "referrals") {
    return referralsError("unauthenticated", { headers: { "WWW-Authenticate": `Bearer realm="${AUDIENCES.referrals}", error="invalid_token"` } });
  }
  const headers = { "WWW-Authenticate": `OAuth realm=urn:cpsvc:cpid:${options.cid}` };
  if (audience) return coreError("audienceInvalid", [audience], headers);
  return coreError(kind === "missing" ? "tokenMissing" : "accessDenied", [], headers);
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === "") return true;
  return accept.split(",").some((range) => {
    const [type = "", ...params] = range.trim().split(";").map((p) => p.trim());
    const q = params.find((p) => p.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) return false;
    return ["*/*", "application/*", "application/json"].includes(type.toLowerCase());
  });
}

/** Reads the body, keeping at most limit + 1 bytes: enough to know it is too large without holding it. */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit + 1) chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge: size > limit }));
    req.on("error", reject);
  });
}

export class MockServer {
  readonly state: MockState;
  private readonly signer = new TokenSigner();
  private readonly router = new Router([...coreRoutes, ...referralsRoutes]);
  private readonly throttle: Throttle;
  private readonly tenantThrottle: Throttle;
  private readonly hotIds: string[];
  readonly stats = { requests: 0, throttled: 0, expiredTokens: 0 };
  private readonly defects: Defect[];

  constructor(readonly options: MockOptions) {
    this.state = new MockState(options);
    this.throttle = new Throttle(options.throttleWindowMs);
    this.tenantThrottle = new Throttle(options.tenantThrottle?.windowMs ?? options.throttleWindowMs);
    this.hotIds = [options.ids.throttledCustomerId, options.ids.throttledReferralId].filter((id): id is string => !!id).map((id) => id.toLowerCase());
    this.defects = findDefects(options.defects);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests++;
    const transportFault = transportFaults[String(req.headers["x-mock-fault"])];
    if (transportFault) {
      await readBody(req, this.options.maxBodyBytes);
      return transportFault(req, res);
    }
    let response: MockResponse;
    try {
      response = await this.respond(req);
    } catch (error) {
      response = error instanceof MockFailure ? error.response : (errorFor(apiOf(req.url ?? "/") ?? "core", 500, this.options) as MockResponse);
    }
    this.write(req, res, applyDefects(this.defects, this.withCommonHeaders(req, response)));
  }

  private async respond(req: IncomingMessage): Promise<MockResponse> {
    const url = new URL(req.url ?? "/", "http://mock.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const { body, tooLarge } = await readBody(req, this.options.maxBodyBytes);
    const tokenPath = TOKEN_PATH.exec(url.pathname);
    if (tokenPath) {
      if (method !== "POST") return { status: 405, headers: { Allow: "POST" }, json: { error: "invalid_request", error_description: "Use POST." } };
      return issueToken(decodeURIComponent(tokenPath[1]!), new URLSearchParams(body.toString("utf8")), req.headers["content-type"], this.options, this.signer);
    }
    // Not Partner Center: lets a suite pointed at a standalone mock learn the ids it seeded (no secrets in it).
    if (url.pathname === MOCK_FIXTURES_PATH && method === "GET") return { status: 200, headers: {}, json: { ids: this.options.ids } };
    if (url.pathname === MOCK_STATS_PATH && method === "GET") return { status: 200, headers: {}, json: this.stats };
    const api = apiOf(url.pathname) ?? "core";
    const fault = Number(req.headers["x-mock-fault"]);
    if (fault) {
      const injected = errorFor(api, fault, this.options, fault === 503 || fault === 429 ? 30 : undefined);
      if (injected) return injected;
    }
    if (!KNOWN_METHODS.has(method)) return errorFor(api, 501, this.options)!;
    const principal = this.authenticate(api, req.headers.authorization);
    const matched = this.router.match(url.pathname);
    if (!matched) throw new MockFailure(api === "core" ? coreError("notFound") : referralsError("notFound"));
    const { route, params } = matched;
    const handler = route.methods[method] ?? (method === "HEAD" ? route.methods.GET : undefined);
    if (!handler) {
      const allow = allowedMethods(route).join(", ");
      return api === "core"
        ? coreError("methodNotAllowed", [method], { Allow: allow })
        : referralsError("methodNotAllowed", { headers: { Allow: allow } });
    }
    if (route.userOnly && principal.idtyp === "app") return coreError("appOnlyNotSupported");
    const wait = this.throttleWait(principal, method, url.pathname.toLowerCase());
    if (wait !== undefined) {
      this.stats.throttled++;
      return errorFor(api, 429, this.options, wait)!;
    }
    if (!acceptsJson(req.headers.accept)) {
      const accept = String(req.headers.accept);
      return api === "core" ? coreError("notAcceptable", [accept]) : referralsError("notAcceptable");
    }
    if (BODY_METHODS.has(method) && api === "referrals") {
      if (req.headers["content-length"] === undefined) return referralsError("lengthRequired");
      if (tooLarge) return referralsError("tooLarge");
    }
    if (tooLarge) return coreError("invalidInput");
    const request: MockRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, params, body, principal };
    const context: RouteContext = { options: this.options, state: this.state };
    return handler(request, context);
  }

  /** Seconds to wait, when the caller is over a limit: the tenant's (sandbox-like mode), then the path's. */
  private throttleWait(principal: TokenClaims, method: string, path: string): number | undefined {
    const tenant = this.options.tenantThrottle;
    if (tenant) {
      const wait = this.tenantThrottle.hit(principal.tid, tenant.limit);
      if (wait !== undefined) return wait;
    }
    const limit = this.hotIds.some((id) => path.includes(id)) ? this.options.hotThrottleLimit : this.options.throttleLimit;
    return this.throttle.hit(`${principal.tid}|${principal.idtyp}|${method} ${path}`, limit);
  }

  private authenticate(api: ApiName, authorization: string | undefined): TokenClaims {
    if (!authorization) throw new MockFailure(unauthorized(api, this.options, "missing"));
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!bearer) throw new MockFailure(unauthorized(api, this.options, "invalid"));
    if (this.options.staticToken && bearer[1] === this.options.staticToken) {
      const now = Math.floor(Date.now() / 1000);
      return { aud: AUDIENCES[api], tid: this.options.tenantId, appid: this.options.clientId, idtyp: "user", iat: now, exp: now + 3600 };
    }
    const verified = this.signer.verify(bearer[1]!);
    if ("reason" in verified && verified.reason.includes("expired")) this.stats.expiredTokens++;
    if ("reason" in verified || verified.claims.tid !== this.options.tenantId) throw new MockFailure(unauthorized(api, this.options, "invalid"));
    const claims = verified.claims;
    if (claims.aud !== AUDIENCES[api]) throw new MockFailure(unauthorized(api, this.options, "invalid", claims.aud));
    if (api === "referrals" && claims.idtyp === "app") throw new MockFailure(referralsError("appOnly"));
    return claims;
  }

  private withCommonHeaders(req: IncomingMessage, response: MockResponse): MockResponse {
    const headers: Record<string, string> = {};
    for (const name of ["MS-CorrelationId", "MS-RequestId"]) {
      const sent = req.headers[name.toLowerCase()];
      if (typeof sent === "string") headers[name] = sent;
    }
    if (apiOf(req.url ?? "/") === "referrals") headers["Request-ID"] = randomUUID();
    else headers["MS-CV"] = `${randomUUID().replace(/-/g, "").slice(0, 22)}.0`;
    if (response.json !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
    return { ...response, headers: { ...headers, ...response.headers } };
  }

  private write(req: IncomingMessage, res: ServerResponse, response: MockResponse): void {
    const payload = response.json !== undefined ? Buffer.from(JSON.stringify(response.json)) : Buffer.from(response.raw ?? "");
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader("Content-Length", payload.length);
    res.end(req.method === "HEAD" ? undefined : payload);
  }
}

/** Starts the mock on 127.0.0.1 (port 0 picks a free one). */
export async function startMock(overrides: Partial<MockOptions> = {}): Promise<RunningMock> {
  const options = mockOptions(overrides);
  const mock = new MockServer(options);
  const server: Server = createServer((req, res) => void mock.handle(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    options: { ...options, port },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
