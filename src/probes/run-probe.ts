import { AuthError } from "../auth/auth-error.js";
import type { Identity } from "../auth/token-provider.js";
import { runChecks } from "../checks/run-checks.js";
import type { Finding } from "../checks/types.js";
import type { ApiName } from "../contract/types.js";
import type { Exchange } from "../transport/exchange.js";
import { sendRequest } from "../transport/send-request.js";
import { TransportError } from "../transport/transport-error.js";
import { buildRequest, missingIds } from "./build-request.js";
import { defaultAuth, type Probe } from "./probe.js";
import type { Target } from "./target.js";

export type Verdict = "pass" | "deviation" | "fail";

export type ProbeOutcome =
  | { kind: "checked"; probe: Probe; exchange: Exchange; attempts: number; findings: Finding[] }
  | { kind: "skipped"; probe: Probe; reason: string }
  /** The target or the identity platform could not be reached or refused to issue a token: an environment problem. */
  | { kind: "environment"; probe: Probe; error: TransportError | AuthError };

const OTHER: Record<ApiName, ApiName> = { core: "referrals", referrals: "core" };

/** A JWT-shaped token nobody issued: the service must refuse it with 401. */
const forgedToken = () =>
  [{ alg: "RS256", typ: "JWT" }, { aud: "https://api.partnercenter.microsoft.com", iss: "pc-contract", exp: 4102444800 }]
    .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
    .concat("c2lnbmF0dXJl")
    .join(".");

export function skipReason(probe: Probe, target: Target): string | undefined {
  if (probe.scope === "mock" && !target.allowsMockProbes) return "mock-only probe: needs state or faults a real tenant must not be put in";
  const missing = missingIds(probe, target.ids);
  if (missing.length) return `the target names no ${missing.join(", ")} (set ${missing.map((m) => `PC_${m.replace(/Id$/, "_ID").toUpperCase()}`).join(", ")})`;
  const need = tokenNeeded(probe);
  if (need && !target.tokens.canIssue(need.identity, need.api)) {
    return `needs ${need.identity === "user" ? "an App + User" : "an app-only"} token for the ${need.api} API (PC_TOKEN, or client credentials${need.identity === "user" ? " and PC_REFRESH_TOKEN" : ""})`;
  }
  return undefined;
}

/** The token a probe sends, if any: other-audience borrows the other API's usual identity. */
function tokenNeeded(probe: Probe): { api: ApiName; identity: Identity } | undefined {
  const auth = defaultAuth(probe);
  if (auth === "app" || auth === "user") return { api: probe.api, identity: auth };
  if (auth === "other-audience") {
    const api = OTHER[probe.api];
    return { api, identity: api === "referrals" ? "user" : "app" };
  }
  return undefined;
}

async function authorizationFor(probe: Probe, target: Target): Promise<string | undefined> {
  const auth = defaultAuth(probe);
  if (auth === "none") return undefined;
  if (auth === "not-bearer") return `Basic ${Buffer.from("pc-contract:not-a-password").toString("base64")}`;
  if (auth === "forged") return `Bearer ${forgedToken()}`;
  const need = tokenNeeded(probe)!;
  return `Bearer ${await target.tokens.token(need.api, need.identity)}`;
}

/** Sends the probe (repeating it where it aims at throttling), then runs every check on the last exchange. */
export async function runProbe(probe: Probe, target: Target): Promise<ProbeOutcome> {
  const reason = skipReason(probe, target);
  if (reason) return { kind: "skipped", probe, reason };
  try {
    const authorization = await authorizationFor(probe, target);
    const max = probe.repeat?.max ?? 1;
    let exchange: Exchange;
    let attempts = 0;
    do {
      attempts++;
      exchange = await sendRequest(buildRequest(probe, target.origins, target.ids, authorization), { dispatcher: target.dispatcher });
    } while (attempts < max && !probe.expect.status.includes(exchange.response.status) && exchange.response.status < 300);
    const findings = runChecks(exchange, probe.api, { statuses: probe.expect.status, ...(probe.expect.pointers ? { pointers: probe.expect.pointers } : {}) });
    return { kind: "checked", probe, exchange, attempts, findings };
  } catch (error) {
    if (error instanceof TransportError || error instanceof AuthError) return { kind: "environment", probe, error };
    throw error;
  }
}

export function verdictOf(findings: readonly Finding[], strict: boolean): Verdict {
  if (findings.some((f) => f.severity === "violation")) return "fail";
  if (findings.length) return strict ? "fail" : "deviation";
  return "pass";
}
