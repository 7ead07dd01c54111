import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import type { ByApi } from "../contract/api-profile.js";
import { apiProfiles, targetApis } from "../contract/apis/registry.js";
import { ConfigError } from "../errors.js";
import { flag, origin, positiveNumber, wholeNumber } from "./parse.js";
import { readSettings, valueOf, type Env, type Settings } from "./settings.js";
import { idVariable, TENANT_IDS } from "../contract/tenant-ids.js";
import { DEFAULT_AUTHORITY } from "../contract/apis/oauth.js";

export interface AuthConfig {
  /** Static bearer tokens per API (an API without its own takes its fallback's). */
  tokens: Readonly<ByApi<string>>;
  authority: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
}

/** Politeness toward a real tenant; undefined means no limit (the bundled mock). */
export interface Pacing {
  ratePerSecond?: number;
  maxRequests?: number;
  timeBudgetMs?: number;
  /** The longest Retry-After the run waits out before it calls the target unavailable. */
  maxRetryWaitMs: number;
  /** Deadline of one exchange, headers and body together. */
  requestTimeoutMs: number;
  /** Transport or auth failures in a row after which the target is unavailable and the rest not judged; 0: never. */
  stopAfterFailures?: number;
}

export interface Config extends Settings {
  auth: AuthConfig;
  /** Ids of resources in the target tenant that probes name ({customerId}, ...). */
  ids: Readonly<Record<string, string>>;
  /** Defects to switch the bundled mock into (its own self-test uses this). */
  mockDefects: string[];
  /** Seeds generated bodies and fuzz choices; printed on every run so any case can be replayed. */
  seed: number;
  pacing: Pacing;
  /** Probes that would change state when accepted may run (on a production host only as a confirmed sandbox). */
  allowWrites: boolean;
  /** PC_ALLOW_WRITES=sandbox: the tenant that receives writes, confirmed by PC_SANDBOX_TENANT_ID. */
  writeTenant?: string;
}

/** Every host Partner Center serves an API on: writes are refused there (the sandbox shares them). */
export const productionHosts = (): string[] => apiProfiles().flatMap((p) => p.productionHosts);

const CREDENTIALS = ["PC_TENANT_ID", "PC_CLIENT_ID", "PC_CLIENT_SECRET"] as const;

function readAuth(env: Env, notices: string[]): AuthConfig {
  const tokens: ByApi<string> = {};
  const withAuth = apiProfiles().filter((p) => p.auth);
  for (const p of withAuth) {
    const own = valueOf(env, p.auth!.tokenVariable);
    if (own) tokens[p.name] = own;
  }
  for (const p of withAuth) if (!tokens[p.name] && p.auth!.tokenFallback && tokens[p.auth!.tokenFallback]) tokens[p.name] = tokens[p.auth!.tokenFallback]!;
  const auth: AuthConfig = { tokens: Object.freeze(tokens), authority: origin("PC_AUTHORITY", valueOf(env, "PC_AUTHORITY"), notices) ?? DEFAULT_AUTHORITY };
  for (const [key, name] of [
    ["tenantId", "PC_TENANT_ID"],
    ["clientId", "PC_CLIENT_ID"],
    ["clientSecret", "PC_CLIENT_SECRET"],
    ["refreshToken", "PC_REFRESH_TOKEN"],
  ] as const) {
    const value = valueOf(env, name);
    if (value !== undefined) auth[key] = value;
  }
  if (auth.clientId || auth.clientSecret || auth.refreshToken) {
    for (const name of CREDENTIALS) {
      if (!valueOf(env, name)) throw new ConfigError(`${name} is missing: the token endpoint needs ${CREDENTIALS.join(", ")} together`);
    }
  }
  return Object.freeze(auth);
}

/** Reads the environment once, at the edge; everything below receives the frozen result. */
export function loadConfig(env: Env): Config {
  const settings = readSettings(env);
  const notices = [...settings.notices];
  const auth = readAuth(env, notices);
  const live = settings.origins !== undefined;
  if (live && Object.keys(auth.tokens).length === 0 && !auth.clientId) {
    const primary = targetApis().find((p) => !p.origin!.fallback)!;
    throw new ConfigError(`${primary.origin!.variable} is set but no credentials are: set ${primary.auth!.tokenVariable}, or ${CREDENTIALS.join(" + ")}`);
  }
  const mockDefects = (valueOf(env, "PC_MOCK_DEFECTS") ?? "")
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean);
  if (mockDefects.length && live) throw new ConfigError("PC_MOCK_DEFECTS applies to the bundled mock only; unset the base URL variables to use it");
  const ids: Record<string, string> = {};
  for (const name of Object.keys(TENANT_IDS)) {
    const value = valueOf(env, idVariable(name));
    if (value) ids[name] = value;
  }
  const writes = valueOf(env, "PC_ALLOW_WRITES");
  const sandbox = writes === "sandbox";
  const allowWrites = sandbox || flag("PC_ALLOW_WRITES", writes);
  let writeTenant: string | undefined;
  if (sandbox) {
    // Writes on Partner Center's own hosts, which the sandbox shares: only with the tenant id typed a second time.
    const confirmed = valueOf(env, "PC_SANDBOX_TENANT_ID");
    if (!auth.tenantId || !confirmed)
      throw new ConfigError("PC_ALLOW_WRITES=sandbox needs PC_TENANT_ID and PC_SANDBOX_TENANT_ID, the integration sandbox's tenant id typed a second time");
    if (confirmed.toLowerCase() !== auth.tenantId.toLowerCase())
      throw new ConfigError(
        "PC_SANDBOX_TENANT_ID differs from PC_TENANT_ID: writes go to no tenant that was not confirmed (type the sandbox's tenant id in both)",
      );
    writeTenant = auth.tenantId;
  } else if (allowWrites && settings.origins) {
    const production = productionHosts();
    for (const p of targetApis()) {
      const value = settings.origins[p.name]!;
      if (production.includes(new URL(value).hostname)) {
        throw new ConfigError(
          `PC_ALLOW_WRITES=1 is refused for ${p.origin!.variable}=${value}: a production host (the sandbox shares it, and the harness cannot tell them apart). For an integration sandbox, set PC_ALLOW_WRITES=sandbox and PC_SANDBOX_TENANT_ID to its tenant id, the same as PC_TENANT_ID`,
        );
      }
    }
  }
  if (valueOf(env, "PC_BASELINE") && !existsSync(settings.baseline)) throw new ConfigError(`PC_BASELINE=${settings.baseline}: no such file`);
  if (settings.replay) {
    if (!existsSync(settings.replay)) throw new ConfigError(`PC_REPLAY=${settings.replay}: no such file`);
    if (live || settings.record) throw new ConfigError(`PC_REPLAY runs offline: unset ${live ? "the base URL variables" : "PC_RECORD"}`);
  }
  const pacing: Pacing = {
    maxRetryWaitMs: (wholeNumber("PC_MAX_RETRY_WAIT", valueOf(env, "PC_MAX_RETRY_WAIT"), 3600) ?? 120) * 1000,
    requestTimeoutMs: (positiveNumber("PC_REQUEST_TIMEOUT", valueOf(env, "PC_REQUEST_TIMEOUT")) ?? 15) * 1000,
  };
  const rate = positiveNumber("PC_RATE_LIMIT", valueOf(env, "PC_RATE_LIMIT")) ?? (live ? 5 : undefined);
  const maxRequests = wholeNumber("PC_MAX_REQUESTS", valueOf(env, "PC_MAX_REQUESTS"), 10_000_000) ?? (live ? 10_000 : undefined);
  const timeBudget = wholeNumber("PC_TIME_BUDGET", valueOf(env, "PC_TIME_BUDGET"), 86_400) ?? (live ? 1800 : undefined);
  const stopAfter = wholeNumber("PC_STOP_AFTER_FAILURES", valueOf(env, "PC_STOP_AFTER_FAILURES"), 1_000_000);
  if (stopAfter !== undefined) pacing.stopAfterFailures = stopAfter;
  if (rate !== undefined) pacing.ratePerSecond = rate;
  if (maxRequests !== undefined) pacing.maxRequests = maxRequests;
  if (timeBudget !== undefined) pacing.timeBudgetMs = timeBudget * 1000;
  return Object.freeze({
    ...settings,
    auth,
    ids: Object.freeze(ids),
    mockDefects,
    seed: wholeNumber("PC_SEED", valueOf(env, "PC_SEED"), 0xffffffff) ?? randomInt(0, 0xffffffff),
    pacing: Object.freeze(pacing),
    allowWrites,
    ...(writeTenant ? { writeTenant } : {}),
    notices: Object.freeze(notices),
  });
}
