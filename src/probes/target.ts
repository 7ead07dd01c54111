import type { Dispatcher } from "undici";
import type { AuthConfig, Config } from "../config/load-config.js";
import { TokenProvider } from "../auth/token-provider.js";
import { createDispatcher } from "../transport/send-request.js";
import { registerSecret } from "../transport/redact.js";
import type { ApiName } from "../contract/types.js";
import type { MockTenant } from "../mock/mock-options.js";

/** What a run is pointed at: plain data, so the global setup can hand it to every worker. */
export interface TargetSpec {
  kind: "bundled-mock" | "remote";
  origins: Record<ApiName, string>;
  auth: AuthConfig;
  /** Tenant resources the probes name as {placeholders}. */
  ids: Record<string, string>;
  strict: boolean;
}

export interface Target extends TargetSpec {
  tokens: TokenProvider;
  dispatcher: Dispatcher;
  /** Probes of scope "mock" run only against the bundled mock or a server on loopback: never at a real tenant. */
  allowsMockProbes: boolean;
}

/** Public catalog ids that exist on the real service; tenant ids come from the configuration. */
const PUBLIC_IDS = { productId: "DZH318Z0BQ3Q", skuId: "0001" };

export function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function remoteTargetSpec(config: Config): TargetSpec {
  return {
    kind: "remote",
    origins: { core: config.coreBaseUrl!, referrals: config.referralsBaseUrl ?? config.coreBaseUrl! },
    auth: config.auth,
    ids: { ...PUBLIC_IDS, ...config.ids },
    strict: config.strict,
  };
}

/** The bundled mock as a target: its own origin for both APIs and the token endpoint, its fake credentials and seeded ids. */
export function mockTargetSpec(mock: { url: string; options: MockTenant }, strict = false): TargetSpec {
  const o = mock.options;
  return {
    kind: "bundled-mock",
    origins: { core: mock.url, referrals: mock.url },
    auth: { authority: mock.url, tenantId: o.tenantId, clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: o.refreshToken },
    ids: o.ids,
    strict,
  };
}

export function createTarget(spec: TargetSpec): Target {
  for (const secret of [spec.auth.token, spec.auth.referralsToken, spec.auth.clientSecret, spec.auth.refreshToken]) registerSecret(secret);
  const dispatcher = createDispatcher();
  return {
    ...spec,
    dispatcher,
    tokens: new TokenProvider(spec.auth, dispatcher),
    allowsMockProbes: spec.kind === "bundled-mock" || (isLoopback(spec.origins.core) && isLoopback(spec.origins.referrals)),
  };
}
