import { randomUUID } from "node:crypto";
import type { Identity } from "../auth/token-provider.js";
import type { BodyAnalysis } from "../checks/analyze-body.js";
import type { Finding } from "../checks/check.js";
import { runChecks } from "../checks/run-checks.js";
import { snapshotOf, type Snapshot, type StateFrame } from "../checks/state.js";
import { idVariable } from "../contract/tenant-ids.js";
import type { ApiName } from "../contract/api-profile.js";
import { profileOf } from "../contract/apis/registry.js";
import { AuthError, BudgetExhausted, EnvironmentError, NotSent, ThrottledError, TransportError } from "../errors.js";
import { retryAfterMs } from "../pacing/pacer.js";
import { headerValue, type Exchange } from "../transport/exchange.js";
import type { OutgoingRequest } from "../transport/send-request.js";
import { buildRequest, missingIds } from "./build-request.js";
import { createdBy, createdDespiteRejection, noteCreated, type CreatedResource } from "./ledger.js";
import { defaultAuth, riskOf, type Probe } from "./probe.js";
import type { Target } from "./target.js";

export type ProbeOutcome =
  | { kind: "checked"; probe: Probe; exchange: Exchange; body: BodyAnalysis; attempts: number; waits: number; findings: Finding[] }
  /** deferred: for the budget, which a resumed run has anew. */
  | { kind: "skipped"; probe: Probe; reason: string; deferred?: true }
  /** The target or the identity platform could not be reached, refused the token, or kept throttling: an environment problem. */
  | { kind: "environment"; probe: Probe; error: EnvironmentError }
  /** Not sent: the target has been unavailable since failures in a row; no verdict on the contract either way. */
  | { kind: "unavailable"; probe: Probe; reason: string };

const clock = (d: Date) => `${d.toISOString().slice(11, 19)} UTC`;

/** A throttled call is retried this often at most, each time after its Retry-After. */
const MAX_THROTTLE_RETRIES = 3;

/** A JWT-shaped token nobody issued: the service must refuse it with 401. */
const forgedToken = () =>
  [
    { alg: "RS256", typ: "JWT" },
    { aud: "https://api.partnercenter.microsoft.com", iss: "pc-contract", exp: 4102444800 },
  ]
    .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
    .concat("c2lnbmF0dXJl")
    .join(".");

export function skipReason(probe: Probe, target: Target): string | undefined {
  if (target.replayStore) return target.replayStore.has(probe.id) ? undefined : `not in the recording ${target.replayStore.file}`;
  if (probe.scope === "mock" && !target.isMock)
    return "mock-only probe: needs state or faults a real tenant must not be put in (the target did not answer the mock's handshake)";
  if (riskOf(probe) === "write" && target.kind === "remote" && !target.allowWrites) {
    return "a write (it changes state when accepted): set PC_ALLOW_WRITES=1 to run it (not on Partner Center's hosts), or PC_ALLOW_WRITES=sandbox with PC_SANDBOX_TENANT_ID for an integration sandbox";
  }
  const missing = missingIds(probe, target.ids);
  if (missing.length) return `the target names no ${missing.join(", ")} (set ${missing.map(idVariable).join(", ")})`;
  const need = tokenNeeded(probe);
  const auth = defaultAuth(probe);
  if (auth === "app-only" && !target.tokens.canIssueDistinct(probe.api, "app")) {
    return `needs an app-only token for the ${probe.api} API, which a static token cannot be known to be: set client credentials (PC_TENANT_ID, PC_CLIENT_ID, PC_CLIENT_SECRET) to run it`;
  }
  if (auth === "other-audience" && need && !target.tokens.canIssueDistinct(need.api, need.identity, probe.api)) {
    return `needs a token for the ${need.api} API's audience, distinct from this API's: one static token stands for both (set ${profileOf(probe.api).auth!.tokenVariable} and ${profileOf(need.api).auth!.tokenVariable} to each API's own token, or client credentials)`;
  }
  if (need && !target.tokens.canIssue(need.identity, need.api)) {
    return `needs ${need.identity === "user" ? "an App + User" : "an app-only"} token for the ${need.api} API (PC_TOKEN, or client credentials${need.identity === "user" ? " and PC_REFRESH_TOKEN" : ""})`;
  }
  return undefined;
}

/** The token a probe sends, if any: other-audience borrows another API's token, with that API's usual identity. */
function tokenNeeded(probe: Probe): { api: ApiName; identity: Identity } | undefined {
  const auth = defaultAuth(probe);
  if (auth === "app" || auth === "user") return { api: probe.api, identity: auth };
  if (auth === "app-only") return { api: probe.api, identity: "app" };
  if (auth === "other-audience") {
    const other = profileOf(profileOf(probe.api).auth!.otherAudience);
    return { api: other.name, identity: other.auth!.defaultIdentity };
  }
  return undefined;
}

async function authorizationFor(probe: Probe, target: Target): Promise<string | undefined> {
  const auth = defaultAuth(probe);
  if (auth === "none") return undefined;
  if (auth === "not-bearer") return `Basic ${Buffer.from("pc-contract:not-a-password").toString("base64")}`;
  if (auth === "forged") return `Bearer ${forgedToken()}`;
  if (target.replayStore) return "Bearer replayed";
  const need = tokenNeeded(probe)!;
  return `Bearer ${await target.tokens.token(need.api, need.identity)}`;
}

/**
 * A 429 or 503 with Retry-After that the probe did not aim for is waited out and the same call sent again,
 * with the same MS-RequestId (headers.md: "the retry call should include the same value"). A probe that aims
 * for 429 gets its 429 judged.
 */
async function sendPolitely(probe: Probe, first: OutgoingRequest, target: Target): Promise<{ exchange: Exchange; waits: number }> {
  let request = first;
  const usesToken = tokenNeeded(probe) !== undefined;
  for (let retry = 0; ; retry++) {
    const exchange = await target.send(probe, request);
    const status = exchange.response.status;
    if ((status !== 429 && status !== 503) || probe.expect.status.includes(status)) return { exchange, waits: retry };
    const wait = retryAfterMs(headerValue(exchange.response.headers, "retry-after"));
    if (wait === undefined) return { exchange, waits: retry };
    const refusal = retry >= MAX_THROTTLE_RETRIES ? `still ${status} after ${retry} retries` : target.pacer.refuseWait(wait);
    if (refusal) throw new ThrottledError(`${status} from ${request.method} ${request.url}: ${refusal}`);
    await target.wait(wait);
    // The wait may outlive the token: ask for it again (the provider renews it before it expires).
    const headers: Record<string, string> = { ...request.headers, "MS-CorrelationId": randomUUID() };
    if (usesToken) headers.Authorization = (await authorizationFor(probe, target))!;
    request = { ...request, headers };
  }
}

/** What the case created: an accepted POST's resource, or what the read after a rejected POST found new in the list. */
function createdByCase(probe: Probe, exchange: Exchange, frame: StateFrame | undefined): CreatedResource[] {
  const accepted = createdBy(probe.id, probe.api, exchange);
  if (accepted) return [accepted];
  if (exchange.request.method.toUpperCase() !== "POST" || !frame?.before.ids || !frame.after.ids) return [];
  const before = new Set(frame.before.ids);
  return frame.after.ids.flatMap((id) => (before.has(id) ? [] : (createdDespiteRejection(probe.id, probe.api, exchange.request.url, id) ?? [])));
}

/** The documented read of what a write would change, with the identity the write uses. */
async function readState(probe: Probe, target: Target): Promise<{ url: string; snapshot: Snapshot }> {
  const frame = probe.frame!;
  const read: Probe = { ...probe, method: "GET", path: frame.path, expect: { status: [200] }, risk: "read" };
  delete read.body;
  delete read.headers;
  delete read.chunked;
  const request = buildRequest(read, target.origins, target.ids, await authorizationFor(read, target));
  const { exchange } = await sendPolitely(read, request, target);
  return { url: request.url, snapshot: snapshotOf(exchange, frame.kind) };
}

/**
 * Sends the probe (repeating it where it aims at throttling), then runs every check on the last exchange. A
 * write with a documented read is framed by it: read before, and after when the write was rejected.
 */
export async function runProbe(probe: Probe, target: Target): Promise<ProbeOutcome> {
  const reason = skipReason(probe, target);
  if (reason) return { kind: "skipped", probe, reason };
  const down = target.pacer.unavailableSince();
  if (down)
    return {
      kind: "unavailable",
      probe,
      reason: `not judged: target unavailable since ${clock(down.since)} (${down.failures} transport or auth failures in a row)`,
    };
  try {
    const max = probe.repeat?.max ?? 1;
    let exchange: Exchange;
    let attempts = 0;
    let waits = 0;
    const before = probe.frame ? await readState(probe, target) : undefined;
    do {
      attempts++;
      const authorization = await authorizationFor(probe, target);
      const sent = await sendPolitely(probe, buildRequest(probe, target.origins, target.ids, authorization), target);
      exchange = sent.exchange;
      waits += sent.waits;
    } while (attempts < max && !probe.expect.status.includes(exchange.response.status) && exchange.response.status < 300);
    const after = before?.snapshot.fingerprint && exchange.response.status >= 400 ? await readState(probe, target) : undefined;
    const unchanged: StateFrame | undefined = before && after ? { resource: before.url, before: before.snapshot, after: after.snapshot } : undefined;
    if (target.ledger) for (const created of createdByCase(probe, exchange, unchanged)) noteCreated(target.ledger, created);
    const { pointers, tolerated, faultCodes, edge } = probe.expect;
    const { findings, body } = runChecks(exchange, probe.api, {
      statuses: probe.expect.status,
      ...(pointers ? { pointers } : {}),
      ...(tolerated ? { tolerated } : {}),
      ...(faultCodes ? { faultCodes } : {}),
      ...(unchanged ? { unchanged } : {}),
      ...(edge ? { edge } : {}),
    });
    target.pacer.sawAnswer();
    return { kind: "checked", probe, exchange, body, attempts, waits, findings };
  } catch (error) {
    if (error instanceof BudgetExhausted) return { kind: "skipped", probe, reason: error.message, deferred: true };
    if (error instanceof NotSent) return { kind: "skipped", probe, reason: error.message };
    if (error instanceof TransportError || error instanceof AuthError) target.pacer.sawFailure();
    if (error instanceof EnvironmentError) return { kind: "environment", probe, error };
    throw error;
  }
}
