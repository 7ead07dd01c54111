import { randomInt } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { catalogDir } from "../contract/paths.js";
import { ConfigError } from "./config-error.js";
import { defectNames } from "../mock/defects.js";

export { ConfigError };

export interface AuthConfig {
  /** Static bearer tokens: PC_TOKEN for the core API, PC_REFERRALS_TOKEN (default PC_TOKEN) for Referrals. */
  token?: string;
  referralsToken?: string;
  authority: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
}

export interface Config {
  /** Absent: the run starts the bundled mock. */
  coreBaseUrl?: string;
  referralsBaseUrl?: string;
  auth: AuthConfig;
  strict: boolean;
  /** Ids of resources in the target tenant that probes name ({customerId}, ...). */
  ids: Record<string, string>;
  /** Defects to switch the bundled mock into (its own self-test uses this). */
  mockDefects: string[];
  reportsDir: string;
  /** Seeds generated bodies and fuzz choices; printed on every run so any case can be replayed. */
  seed: number;
  /** Random cases per operation in fuzz mode; 0 is off. */
  fuzzRuns: number;
  pacing: Pacing;
  /** Probes that would change state when accepted may run (never on a production host). */
  allowWrites: boolean;
  /** Save every exchange of the run as HAR 1.2 here. */
  record?: string;
  /** Run offline against this recording instead of a live target. */
  replay?: string;
  /** Accepted findings: a JSON file of entries with a reason, an owner and an expiry date. */
  baseline: string;
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
}

const KNOWN = {
  PC_BASE_URL: "core API origin, e.g. https://api.partnercenter.microsoft.com (default: the bundled mock)",
  PC_REFERRALS_BASE_URL: "Referrals API origin, e.g. https://api.partner.microsoft.com (default: PC_BASE_URL)",
  PC_TOKEN: "static bearer token for the core API",
  PC_REFERRALS_TOKEN: "static bearer token for the Referrals API (default: PC_TOKEN)",
  PC_AUTHORITY: "identity platform origin (default https://login.microsoftonline.com)",
  PC_TENANT_ID: "partner tenant id",
  PC_CLIENT_ID: "app registration's client id",
  PC_CLIENT_SECRET: "app registration's client secret",
  PC_REFRESH_TOKEN: "refresh token for app + user calls",
  PC_STRICT: "1 to fail on deviations too",
  PC_CUSTOMER_ID: "a customer of the partner tenant",
  PC_SUBSCRIPTION_ID: "a subscription of PC_CUSTOMER_ID",
  PC_REFERRAL_ID: "a referral of the partner tenant",
  PC_MOCK_DEFECTS: "comma-separated defects for the bundled mock",
  PC_REPORTS_DIR: "where reports are written (default reports)",
  PC_SEED: "seed for generated bodies and fuzzing, 0 to 4294967295 (default: a new one each run, printed)",
  PC_FUZZ_RUNS: "random mutated requests per operation (fuzz mode; default 0, off)",
  PC_RATE_LIMIT: "requests per second to a live target (default 5: 300 a minute, well under the documented 500 a minute per tenant)",
  PC_MAX_REQUESTS: "request budget of a run against a live target (default 5000)",
  PC_TIME_BUDGET: "seconds a run against a live target may take (default 1800)",
  PC_MAX_RETRY_WAIT: "longest Retry-After to wait out, in seconds (default 120)",
  PC_REQUEST_TIMEOUT: "deadline of one exchange, in seconds (default 15)",
  PC_ALLOW_WRITES: "1 to run probes that change state when accepted (refused for production hosts)",
  PC_RECORD: "save every exchange as HAR 1.2 to this file",
  PC_REPLAY: "run offline against this HAR recording",
  PC_BASELINE: "file of accepted findings (default baseline.json, when it exists)",
} as const;

export const knownVariables: Readonly<Record<string, string>> = KNOWN;

const ID_VARIABLES = { PC_CUSTOMER_ID: "customerId", PC_SUBSCRIPTION_ID: "subscriptionId", PC_REFERRAL_ID: "referralId" } as const;

function origin(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name}="${value}" is not a URL; expected an origin such as https://api.partnercenter.microsoft.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(`${name} must be an http(s) URL, got ${url.protocol}`);
  if (url.pathname !== "/" && url.pathname !== "") {
    throw new ConfigError(`${name} must be an origin without a path (the probes add /v1/... themselves), got "${value}"`);
  }
  return url.origin;
}

function wholeNumber(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return Number(value);
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new ConfigError(`${name} must be a number above 0, got "${value}"`);
  return n;
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!["0", "1", "true", "false"].includes(value)) throw new ConfigError(`${name} must be 1 or 0, got "${value}"`);
  return value === "1" || value === "true";
}

export const productionHosts = (): string[] =>
  (JSON.parse(readFileSync(join(catalogDir, "hosts.json"), "utf8")) as { production: string[] }).production;

/** Reads the environment once, at the edge; everything below receives the frozen result. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const unknown = Object.keys(env).filter((k) => k.startsWith("PC_") && !(k in KNOWN));
  if (unknown.length) throw new ConfigError(`unknown variable ${unknown.join(", ")}; known: ${Object.keys(KNOWN).join(", ")}`);
  const get = (name: keyof typeof KNOWN) => (env[name] === "" ? undefined : env[name]);
  const coreBaseUrl = origin("PC_BASE_URL", get("PC_BASE_URL"));
  const referralsBaseUrl = origin("PC_REFERRALS_BASE_URL", get("PC_REFERRALS_BASE_URL")) ?? coreBaseUrl;
  if (referralsBaseUrl && !coreBaseUrl) throw new ConfigError("PC_REFERRALS_BASE_URL is set but PC_BASE_URL is not; set both to point at a target");
  const auth: AuthConfig = { authority: origin("PC_AUTHORITY", get("PC_AUTHORITY")) ?? "https://login.microsoftonline.com" };
  for (const [key, name] of [
    ["token", "PC_TOKEN"],
    ["referralsToken", "PC_REFERRALS_TOKEN"],
    ["tenantId", "PC_TENANT_ID"],
    ["clientId", "PC_CLIENT_ID"],
    ["clientSecret", "PC_CLIENT_SECRET"],
    ["refreshToken", "PC_REFRESH_TOKEN"],
  ] as const) {
    const value = get(name);
    if (value !== undefined) auth[key] = value;
  }
  if (coreBaseUrl && !auth.token && !auth.clientId) {
    throw new ConfigError("PC_BASE_URL is set but no credentials are: set PC_TOKEN, or PC_TENANT_ID + PC_CLIENT_ID + PC_CLIENT_SECRET");
  }
  if (auth.clientId || auth.clientSecret || auth.refreshToken) {
    for (const name of ["PC_TENANT_ID", "PC_CLIENT_ID", "PC_CLIENT_SECRET"] as const) {
      if (!get(name)) throw new ConfigError(`${name} is missing: the token endpoint needs PC_TENANT_ID, PC_CLIENT_ID and PC_CLIENT_SECRET together`);
    }
  }

  const mockDefects = (get("PC_MOCK_DEFECTS") ?? "").split(",").map((d) => d.trim()).filter(Boolean);
  const unknownDefect = mockDefects.find((d) => !defectNames.includes(d));
  if (unknownDefect) throw new ConfigError(`PC_MOCK_DEFECTS names unknown defect "${unknownDefect}"; known: ${defectNames.join(", ")}`);
  if (mockDefects.length && coreBaseUrl) throw new ConfigError("PC_MOCK_DEFECTS applies to the bundled mock only; unset PC_BASE_URL to use it");
  const ids: Record<string, string> = {};
  for (const [name, key] of Object.entries(ID_VARIABLES)) {
    const value = get(name as keyof typeof KNOWN);
    if (value) ids[key] = value;
  }
  const live = coreBaseUrl !== undefined;
  const allowWrites = flag("PC_ALLOW_WRITES", get("PC_ALLOW_WRITES"));
  if (allowWrites) {
    const production = productionHosts();
    for (const [name, value] of [["PC_BASE_URL", coreBaseUrl], ["PC_REFERRALS_BASE_URL", referralsBaseUrl]] as const) {
      if (value && production.includes(new URL(value).hostname)) {
        throw new ConfigError(`PC_ALLOW_WRITES=1 is refused for ${name}=${value}: a production host (the sandbox shares it, and the harness cannot tell them apart)`);
      }
    }
  }
  const baselineFile = get("PC_BASELINE");
  if (baselineFile && !existsSync(baselineFile)) throw new ConfigError(`PC_BASELINE=${baselineFile}: no such file`);
  const record = get("PC_RECORD");
  const replay = get("PC_REPLAY");
  if (replay) {
    if (!existsSync(replay)) throw new ConfigError(`PC_REPLAY=${replay}: no such file`);
    if (live || record) throw new ConfigError(`PC_REPLAY runs offline: unset ${live ? "PC_BASE_URL" : "PC_RECORD"}`);
  }
  const pacing: Pacing = {
    maxRetryWaitMs: (wholeNumber("PC_MAX_RETRY_WAIT", get("PC_MAX_RETRY_WAIT"), 3600) ?? 120) * 1000,
    requestTimeoutMs: (positiveNumber("PC_REQUEST_TIMEOUT", get("PC_REQUEST_TIMEOUT")) ?? 15) * 1000,
  };
  const rate = positiveNumber("PC_RATE_LIMIT", get("PC_RATE_LIMIT")) ?? (live ? 5 : undefined);
  const maxRequests = wholeNumber("PC_MAX_REQUESTS", get("PC_MAX_REQUESTS"), 10_000_000) ?? (live ? 5000 : undefined);
  const timeBudget = wholeNumber("PC_TIME_BUDGET", get("PC_TIME_BUDGET"), 86_400) ?? (live ? 1800 : undefined);
  if (rate !== undefined) pacing.ratePerSecond = rate;
  if (maxRequests !== undefined) pacing.maxRequests = maxRequests;
  if (timeBudget !== undefined) pacing.timeBudgetMs = timeBudget * 1000;
  const seed = wholeNumber("PC_SEED", get("PC_SEED"), 0xffffffff) ?? randomInt(0, 0xffffffff);
  const fuzzRuns = wholeNumber("PC_FUZZ_RUNS", get("PC_FUZZ_RUNS"), 100_000) ?? 0;
  return Object.freeze({
    ...(coreBaseUrl ? { coreBaseUrl } : {}),
    ...(referralsBaseUrl ? { referralsBaseUrl } : {}),
    auth: Object.freeze(auth),
    strict: flag("PC_STRICT", get("PC_STRICT")),
    ids: Object.freeze(ids),
    mockDefects,
    reportsDir: get("PC_REPORTS_DIR") ?? "reports",
    seed,
    fuzzRuns,
    pacing: Object.freeze(pacing),
    allowWrites,
    ...(record ? { record } : {}),
    ...(replay ? { replay } : {}),
    baseline: get("PC_BASELINE") ?? "baseline.json",
  });
}
