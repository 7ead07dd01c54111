import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MOCK_HANDSHAKE_MARKER, MOCK_HANDSHAKE_PATH, type MockHandshake } from "../contract/mock-handshake.js";
import { MockError } from "../errors.js";
import { bundledOperations, type RequestOperation } from "../contract/operations.js";
import { MOCK_APIS, mockApiFor } from "./apis.js";
import { applyDefects, findDefects, type Defect } from "./defects.js";
import type { MockApi } from "./mock-api.js";
import { mockOptions, type MockOptions } from "./mock-options.js";
import { jsonOf, MockFailure, type MockResponse } from "./mock-response.js";
import { MockState } from "./mock-state.js";
import { allowedMethods, patternOf, Router, type MockRequest, type RouteContext } from "./router.js";
import { Throttle } from "./throttle.js";
import { issueToken } from "./token-endpoint.js";
import { TokenSigner, type TokenClaims } from "./tokens.js";
import { transportFaults } from "./transport-faults.js";

export interface RunningMock {
  /** Origin serving every API and the token endpoint, e.g. http://127.0.0.1:4010 */
  url: string;
  options: MockOptions;
  close(): Promise<void>;
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
/** What the mock has answered so far, for tests that must know a run met throttling or expired tokens. */
export const MOCK_STATS_PATH = "/_mock/stats";
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;

function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === "") return true;
  return accept.split(",").some((range) => {
    const [type = "", ...params] = range
      .trim()
      .split(";")
      .map((p) => p.trim());
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

/** The request operation a route and method serve, by its path pattern. */
function operationAt(api: string, method: string, pattern: string): RequestOperation | undefined {
  return bundledOperations().find((o) => o.api === api && o.method === method && patternOf(o.path).toLowerCase() === pattern.toLowerCase());
}

/**
 * Every required query parameter there, every one given valid. Beyond the schemas, as a strict service: an
 * integer count or offset is never negative.
 */
const queryAccepted = (operation: RequestOperation, query: URLSearchParams, refusesUnknown = false): boolean =>
  operation.parameters
    .filter((p) => p.in === "query")
    .every((p) => {
      const value = query.get(p.name);
      return value === null ? !p.required : p.validate(value) && !(p.schema.type === "integer" && value.startsWith("-"));
    }) &&
  // The defect refuses-unknown-input: a parameter no page lists is refused.
  (!refusesUnknown || [...query.keys()].every((name) => operation.parameters.some((p) => p.in === "query" && p.name === name)));

/**
 * A path value the operation's schema refuses (a country code that is none): the path names nothing. GUID ids are
 * the routes' to answer, as the pages say (400 800002 for a customer, 404 for the rest).
 */
function pathNamesNothing(operation: RequestOperation, path: string): boolean {
  const values = path.split("/");
  return operation.path.split("/").some((segment, i) => {
    const parameter = operation.parameters.find((p) => p.in === "path" && segment === `{${p.name}}`);
    if (!parameter || parameter.schema.format === "uuid") return false;
    try {
      return !parameter.validate(decodeURIComponent(values[i] ?? ""));
    } catch {
      return true;
    }
  });
}

export class MockServer {
  readonly state: MockState;
  private readonly signer = new TokenSigner();
  private readonly routers: Map<MockApi, Router>;
  private readonly throttle: Throttle;
  private readonly tenantThrottle: Throttle;
  private readonly hotIds: string[];
  readonly stats = { requests: 0, throttled: 0, expiredTokens: 0 };
  private readonly defects: Defect[];

  constructor(
    readonly options: MockOptions,
    /** The APIs it serves (the built-in ones unless a test brings its own). */
    private readonly apis: readonly MockApi[] = Object.values(MOCK_APIS),
  ) {
    this.state = new MockState(options);
    this.routers = new Map(apis.map((api) => [api, new Router(api.routes)]));
    this.throttle = new Throttle(options.throttleWindowMs);
    this.tenantThrottle = new Throttle(options.tenantThrottle?.windowMs ?? options.throttleWindowMs);
    this.hotIds = [options.ids.throttledCustomerId, options.ids.throttledReferralId].filter((id): id is string => !!id).map((id) => id.toLowerCase());
    this.defects = findDefects(options.defects);
  }

  /** Answers one request, whatever happens: a handler that throws gets a plain 500, never a hung request. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      this.stats.requests++;
      const transportFault = transportFaults[String(req.headers["x-mock-fault"])];
      if (transportFault) {
        await readBody(req, this.options.maxBodyBytes);
        return transportFault(req, res);
      }
      const api = mockApiFor(new URL(req.url ?? "/", "http://mock.invalid").pathname, this.apis);
      let response: MockResponse;
      try {
        response = await this.respond(req, api);
      } catch (error) {
        if (!(error instanceof MockFailure)) throw error;
        response = error.response;
      }
      this.write(req, res, applyDefects(this.defects, this.withCommonHeaders(req, api, response)));
    } catch (error) {
      this.fail(res, error);
    }
  }

  /** The last resort: the mock itself is broken (a handler threw, a catalog file is corrupt). Said plainly, as a 500. */
  private fail(res: ServerResponse, error: unknown): void {
    const text = `pc-contract mock: internal error: ${(error as Error)?.message ?? String(error)}\n`;
    process.stderr.write(text);
    if (res.headersSent) return void res.destroy();
    res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  private async respond(req: IncomingMessage, api: MockApi): Promise<MockResponse> {
    const url = new URL(req.url ?? "/", "http://mock.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const { body, tooLarge } = await readBody(req, this.options.maxBodyBytes);
    const tokenPath = TOKEN_PATH.exec(url.pathname);
    if (tokenPath) {
      if (method !== "POST") return { status: 405, headers: { Allow: "POST" }, json: { error: "invalid_request", error_description: "Use POST." } };
      return issueToken(decodeURIComponent(tokenPath[1]!), new URLSearchParams(body.toString("utf8")), req.headers["content-type"], this.options, this.signer);
    }
    // Not Partner Center: the handshake that tells a suite it talks to this mock, with the ids it seeded (no secrets).
    if (url.pathname === MOCK_HANDSHAKE_PATH && method === "GET" && !this.options.lookalike) {
      return { status: 200, headers: {}, json: { mock: MOCK_HANDSHAKE_MARKER, ids: this.options.ids } satisfies MockHandshake };
    }
    if (url.pathname === MOCK_STATS_PATH && method === "GET") {
      // What the store holds: a test sees whether a run left resources behind.
      const open = [...this.state.referrals.values()].filter((r) => !r.deleted && r.status !== "Closed").length;
      const users = this.state.count("users");
      return { status: 200, headers: {}, json: { ...this.stats, resources: { customers: this.state.customers.size, users, openReferrals: open } } };
    }
    const fault = Number(req.headers["x-mock-fault"]);
    if (fault) {
      const injected = api.errors.byStatus(fault, fault === 503 || fault === 429 ? 30 : undefined);
      if (injected) return injected;
    }
    if (!KNOWN_METHODS.has(method)) return api.errors.byStatus(501) ?? api.errors.methodNotAllowed(method, "");
    const principal = this.authenticate(api, req.headers.authorization);
    const matched = this.routers.get(api)!.match(url.pathname);
    if (!matched) return api.errors.notFound();
    const { route, params } = matched;
    const handler = route.methods[method] ?? (method === "HEAD" ? route.methods.GET : undefined);
    if (!handler) return api.errors.methodNotAllowed(method, allowedMethods(route).join(", "));
    if (route.userOnly && principal.idtyp === "app") return api.errors.appOnly();
    // The documented query parameters of the operation, judged by the same schemas the generated cases come from.
    const operation = operationAt(api.profile.name, method === "HEAD" ? "GET" : method, route.pattern);
    if (operation && pathNamesNothing(operation, url.pathname)) return api.errors.notFound();
    // The defect duplicate-parameter-500: a parameter given twice reaches a binder that throws.
    if (this.options.duplicateParameter500 && new Set(url.searchParams.keys()).size < [...url.searchParams.keys()].length)
      return api.errors.byStatus(500) ?? api.errors.invalidInput();
    if (operation && !queryAccepted(operation, url.searchParams, this.options.refusesUnknownInput)) return api.errors.invalidInput();
    const wait = this.throttleWait(principal, method, url.pathname.toLowerCase());
    if (wait !== undefined) {
      this.stats.throttled++;
      return api.errors.byStatus(429, wait)!;
    }
    if (!acceptsJson(req.headers.accept)) return api.errors.notAcceptable(String(req.headers.accept));
    if (BODY_METHODS.has(method) && api.errors.lengthRequired && req.headers["content-length"] === undefined) return api.errors.lengthRequired();
    if (tooLarge) return api.errors.tooLarge();
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

  private authenticate(api: MockApi, authorization: string | undefined): TokenClaims {
    const audience = api.profile.auth!.audience;
    const refuse = (kind: "missing" | "invalid", claimed?: string) =>
      new MockFailure(api.errors.unauthenticated(kind, { cid: this.options.cid, ...(claimed ? { audience: claimed } : {}) }));
    if (!authorization) throw refuse("missing");
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!bearer) throw refuse("invalid");
    if (this.options.staticToken && bearer[1] === this.options.staticToken) {
      const now = Math.floor(Date.now() / 1000);
      return { aud: audience, tid: this.options.tenantId, appid: this.options.clientId, idtyp: "user", iat: now, exp: now + 3600 };
    }
    const verified = this.signer.verify(bearer[1]!);
    if ("reason" in verified && verified.reason.includes("expired")) this.stats.expiredTokens++;
    if ("reason" in verified || verified.claims.tid !== this.options.tenantId) throw refuse("invalid");
    const claims = verified.claims;
    if (claims.aud !== audience) throw refuse("invalid", claims.aud);
    if (api.profile.auth!.userOnly && claims.idtyp === "app") throw new MockFailure(api.errors.appOnly());
    return claims;
  }

  private withCommonHeaders(req: IncomingMessage, api: MockApi, response: MockResponse): MockResponse {
    const headers: Record<string, string> = {};
    for (const name of ["MS-CorrelationId", "MS-RequestId"]) {
      const sent = req.headers[name.toLowerCase()];
      if (typeof sent === "string") headers[name] = sent;
    }
    Object.assign(headers, api.traceHeaders());
    if (jsonOf(response) !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
    return { ...response, headers: { ...headers, ...response.headers } };
  }

  private write(req: IncomingMessage, res: ServerResponse, response: MockResponse): void {
    const json = jsonOf(response);
    const payload = json !== undefined ? Buffer.from(JSON.stringify(json)) : Buffer.from(response.raw ?? "");
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader("Content-Length", payload.length);
    res.end(req.method === "HEAD" ? undefined : payload);
  }
}

/** Starts the mock on 127.0.0.1 (port 0 picks a free one). */
export async function startMock(overrides: Partial<MockOptions> = {}, apis?: readonly MockApi[]): Promise<RunningMock> {
  const options = mockOptions(overrides);
  const mock = new MockServer(options, apis);
  const server: Server = createServer((req, res) => void mock.handle(req, res));
  // The defects oversized-headers-500 and invalid-header-500: headers past Node's limit, or with CR, LF or NUL in a
  // value, get a bodiless 500 where Node answers 431 or 400.
  if (options.oversizedHeaders500 || options.invalidHeader500)
    server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
      const overflow = error.code === "HPE_HEADER_OVERFLOW";
      const crash = overflow ? options.oversizedHeaders500 : options.invalidHeader500;
      const status = crash ? "500 Internal Server Error" : overflow ? "431 Request Header Fields Too Large" : "400 Bad Request";
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      else socket.destroy();
    });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new MockError(`cannot listen on ${options.host}:${options.port}: ${error.message}`)));
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
