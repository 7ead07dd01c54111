import { request, type Dispatcher } from "undici";
import { TokenProvider } from "../auth/token-provider.js";
import type { AuthConfig, Config, Pacing } from "../config/load-config.js";
import type { ApiName, ByApi } from "../contract/api-profile.js";
import { targetApis } from "../contract/apis/registry.js";
import { isMockHandshake, MOCK_HANDSHAKE_PATH } from "../contract/mock-handshake.js";
import { NotRecorded } from "../errors.js";
import { recordExchange } from "../har/har-recorder.js";
import { ReplayStore } from "../har/replay-store.js";
import { Pacer } from "../pacing/pacer.js";
import type { Exchange } from "../transport/exchange.js";
import { registerSecret } from "../transport/redact.js";
import { createDispatcher, sendRequest, type OutgoingRequest } from "../transport/send-request.js";

/** What a run is pointed at: plain data, so the global setup can hand it to every worker. */
export interface TargetSpec {
  kind: "bundled-mock" | "remote" | "replay";
  /** The origin of each API the run targets. */
  origins: ByApi<string>;
  auth: AuthConfig;
  /** Tenant resources the probes name as {placeholders}. */
  ids: Record<string, string>;
  pacing: Pacing;
  allowWrites: boolean;
  /** Every origin answered the mock's handshake (or this is the bundled mock): mock-only probes may run. */
  isMock: boolean;
  /** HAR file every exchange is appended to. */
  record?: string;
  /** `host:port` to the address its connections go to (PC_RESOLVE). */
  resolve?: Readonly<Record<string, string>>;
  /** HAR file the exchanges come from instead of the network. */
  replay?: string;
  /** File the resources a case creates are noted in (src/probes/ledger.ts), for the run's end to remove. */
  ledger?: string;
}

/** What a probe's exchange is recorded under. */
export interface SentCase {
  id: string;
  api: ApiName;
  expect: { status: readonly number[]; tolerated?: readonly number[] };
}

export interface Target extends TargetSpec {
  tokens: TokenProvider;
  dispatcher: Dispatcher;
  pacer: Pacer;
  replayStore?: ReplayStore;
  /** One exchange for the probe: paced, sent and recorded live, or the next recorded one in replay. */
  send(probe: SentCase, request: OutgoingRequest): Promise<Exchange>;
  /** Waits out a Retry-After (at once in replay: the recording already waited). */
  wait(ms: number): Promise<void>;
}

/** Public catalog ids that exist on the real service; tenant ids come from the configuration. */
const PUBLIC_IDS = { productId: "DZH318Z0BQ3Q", skuId: "0001", countryCode: "US" };

/** The same origin for every API a run targets (the bundled mock and a replay serve them all on one). */
const oneOrigin = (origin: string): ByApi<string> => Object.fromEntries(targetApis().map((p) => [p.name, origin]));

const fromConfig = (config: Config) => ({
  pacing: config.pacing,
  allowWrites: config.allowWrites,
  ...(config.record ? { record: config.record } : {}),
  ...(config.resolve ? { resolve: config.resolve } : {}),
});

export function remoteTargetSpec(config: Config): TargetSpec {
  return { kind: "remote", origins: config.origins!, auth: config.auth, ids: { ...PUBLIC_IDS, ...config.ids }, isMock: false, ...fromConfig(config) };
}

export function replayTargetSpec(config: Config): TargetSpec {
  const origin = "http://replay.invalid";
  return {
    kind: "replay",
    origins: oneOrigin(origin),
    auth: { authority: origin, tokens: {} },
    ids: {},
    isMock: true,
    ...fromConfig(config),
    replay: config.replay!,
  };
}

/** What the bundled mock tells a target about itself: where it listens, its fake credentials, the ids it seeded. */
export interface MockCredentials {
  url: string;
  options: { tenantId: string; clientId: string; clientSecret: string; refreshToken: string; ids: Record<string, string> };
}

/** The bundled mock as a target: its own origin for every API and the token endpoint, its fake credentials and seeded ids. */
export function mockTargetSpec(mock: MockCredentials, config?: Config): TargetSpec {
  const o = mock.options;
  return {
    kind: "bundled-mock",
    origins: oneOrigin(mock.url),
    auth: { authority: mock.url, tokens: {}, tenantId: o.tenantId, clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: o.refreshToken },
    ids: o.ids,
    isMock: true,
    ...(config ? fromConfig(config) : { pacing: { maxRetryWaitMs: 120_000, requestTimeoutMs: 15_000 }, allowWrites: true }),
  };
}

/**
 * Asks every origin of a remote target whether it is pc-contract's mock. When all say so, the target may get
 * mock-only probes, and the ids the mock seeded fill in what the configuration does not name.
 */
export async function withMockHandshake(spec: TargetSpec, configured: Record<string, string>, timeoutMs: number): Promise<TargetSpec> {
  const ids: Record<string, string> = {};
  const dispatcher = createDispatcher(undefined, spec.resolve);
  try {
    for (const origin of new Set(Object.values(spec.origins))) {
      try {
        const response = await request(`${origin}${MOCK_HANDSHAKE_PATH}`, { dispatcher, signal: AbortSignal.timeout(timeoutMs) });
        const text = await response.body.text();
        const body: unknown = response.statusCode === 200 ? JSON.parse(text) : undefined;
        if (!isMockHandshake(body)) return spec;
        Object.assign(ids, body.ids);
      } catch {
        return spec;
      }
    }
  } finally {
    await dispatcher.close();
  }
  return { ...spec, isMock: true, ids: { ...spec.ids, ...ids, ...configured } };
}

/**
 * One pacer per process: against a live target the suite runs in one worker without isolation, so every
 * test file shares the rate, the request budget and the time budget.
 */
let sharedPacer: { pacing: Pacing; pacer: Pacer } | undefined;
function pacerFor(pacing: Pacing): Pacer {
  if (!sharedPacer || JSON.stringify(sharedPacer.pacing) !== JSON.stringify(pacing)) sharedPacer = { pacing, pacer: new Pacer(pacing) };
  return sharedPacer.pacer;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Request line and headers past this go over a connection of their own. */
const ALONE_HEADER_BYTES = 8 * 1024;
const headerBytes = (outgoing: OutgoingRequest): number =>
  outgoing.url.length + Object.entries(outgoing.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);

export function createTarget(spec: TargetSpec): Target {
  for (const secret of [...Object.values(spec.auth.tokens), spec.auth.clientSecret, spec.auth.refreshToken]) registerSecret(secret);
  const dispatcher = createDispatcher(undefined, spec.resolve);
  const pacer = pacerFor(spec.pacing);
  const common = { ...spec, dispatcher, pacer, tokens: new TokenProvider(spec.auth, dispatcher, spec.pacing.requestTimeoutMs) };
  if (spec.replay) {
    const store = new ReplayStore(spec.replay);
    return {
      ...common,
      replayStore: store,
      send: async (probe) => {
        const exchange = store.next(probe.id);
        if (!exchange) throw new NotRecorded(`${probe.id} is not in the recording ${spec.replay}`);
        return exchange;
      },
      wait: async () => {},
    };
  }
  return {
    ...common,
    send: async (probe, outgoing) => {
      await pacer.beforeRequest();
      // A request whose headers pass what servers take (8 KiB) goes over a connection of its own: the answer to it
      // (a 431 and a closed connection) left undici's pool opening a new connection for every later request.
      const alone = headerBytes(outgoing) > ALONE_HEADER_BYTES ? createDispatcher(undefined, spec.resolve) : undefined;
      const exchange = await sendRequest(outgoing, {
        dispatcher: alone ?? dispatcher,
        timeoutMs: spec.pacing.requestTimeoutMs,
        ...(spec.resolve ? { resolve: spec.resolve } : {}),
      }).finally(() => alone?.destroy());
      if (spec.record) recordExchange(spec.record, exchange, probe);
      return exchange;
    },
    wait: sleep,
  };
}
