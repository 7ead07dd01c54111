import type { IncomingHttpHeaders } from "node:http";
import type { MockOptions } from "./mock-options.js";
import type { MockResponse } from "./mock-response.js";
import type { MockState } from "./mock-state.js";
import type { TokenClaims } from "./tokens.js";

export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  body: Buffer;
  principal: TokenClaims;
}

export interface RouteContext {
  options: MockOptions;
  state: MockState;
}

export type Handler = (request: MockRequest, context: RouteContext) => MockResponse;

export interface Route {
  pattern: string;
  methods: Partial<Record<string, Handler>>;
  /** App + User only: an app-only token gets the API's 403 (core 900329). */
  userOnly?: boolean;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((route) => {
      const keys: string[] = [];
      const source = route.pattern.replace(/:(\w+)/g, (_, key: string) => {
        keys.push(key);
        return "([^/]+)";
      });
      return { ...route, regex: new RegExp(`^${source}/?$`, "i"), keys };
    });
  }

  match(path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return undefined;
  }
}

/** The methods a resource supports, for Allow (HEAD comes with GET). */
export const allowedMethods = (route: Route): string[] => {
  const methods = Object.keys(route.methods);
  return methods.includes("GET") && !methods.includes("HEAD") ? [...methods, "HEAD"] : methods;
};

/** `/v1/customers/{customerId}/orders` (operations.json) as a route pattern, `/v1/customers/:customerId/orders`. */
export const patternOf = (path: string): string => path.replace(/\{(\w+)\}/g, ":$1");
