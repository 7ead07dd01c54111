import type { Dispatcher } from "undici";
import type { AuthConfig, Config, Pacing } from "../config/load-config.js";
import { recordExchange } from "../har/har-recorder.js";
import { ReplayStore } from "../har/replay-store.js";
import { Pacer } from "../pacing/pacer.js";
import type { Exchange } from "../transport/exchange.js";
import { sendRequest, type OutgoingRequest } from "../transport/send-request.js";
import { TokenProvider } from "../auth/token-provider.js";
import { createDispatcher } from "../transport/send-request.js";
import { registerSecret } from "../transport/redact.js";
import type { ApiName } from "../contract/types.js";
import type { MockTenant } from "../mock/mock-options.js";

/** What a run is pointed at: plain data, so the global setup can hand it to every worker. */
export interface TargetSpec {
  kind: "bundled-mock" | "remote" | "replay";
  origins: Record<ApiName, string>;
  auth: AuthConfig;
  /** Tenant resources the probes name as {placeholders}. */
  ids: Record<string, string>;
  strict: boolean;
  pacing: Pacing;
  allowWrites: boolean;
  /** HAR file every exchange is appended to. */
  record?: string;
  /** HAR file the exchanges come from instead of the network. */
  replay?: string;
}

export interface Target extends TargetSpec {
  tokens: TokenProvider;
  dispatcher: Dispatcher;
  pacer: Pacer;
  /** Probes of scope "mock" run only against the bundled mock or a server on loopback: never at a real tenant. */
  allowsMockProbes: boolean;
  replayStore?: ReplayStore;
  /** One exchange for the probe: paced, sent and recorded live, or the next recorded one in replay. */
  send(probe: { id: string; api: ApiName }, request: OutgoingRequest): Promise<Exchange>;
  /** Waits out a Retry-After (at once in replay: the recording already waited). */
  wait(ms: number): Promise<void>;
}

/** Replay found no recorded exchange for a probe: it did not run when the recording was made. */
export class NotRecorded extends Error {
  override readonly name = "NotRecorded";
}

/** Public catalog ids that exist on the real service; tenant ids come from the configuration. */
const PUBLIC_IDS = { productId: "DZH318Z0BQ3Q", skuId: "0001" };

export function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const fromConfig = (config: Config) => ({
  strict: config.strict,
  pacing: config.pacing,
  allowWrites: config.allowWrites,
  ...(config.record ? { record: config.record } : {}),
});

export function remoteTargetSpec(config: Config): TargetSpec {
  return {
    kind: "remote",
    origins: { core: config.coreBaseUrl!, referrals: config.referralsBaseUrl ?? config.coreBaseUrl! },
    auth: config.auth,
    ids: { ...PUBLIC_IDS, ...config.ids },
    ...fromConfig(config),
  };
}

export function replayTargetSpec(config: Config): TargetSpec {
  const origin = "http://replay.invalid";
  return { kind: "replay", origins: { core: origin, referrals: origin }, auth: { authority: origin }, ids: {}, ...fromConfig(config), replay: config.replay! };
}

/** The bundled mock as a target: its own origin for both APIs and the token endpoint, its fake credentials and seeded ids. */
export function mockTargetSpec(mock: { url: string; options: MockTenant }, config?: Config): TargetSpec {
  const o = mock.options;
  return {
    kind: "bundled-mock",
    origins: { core: mock.url, referrals: mock.url },
    auth: { authority: mock.url, tenantId: o.tenantId, clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: o.refreshToken },
    ids: o.ids,
    ...(config ? fromConfig(config) : { strict: false, pacing: { maxRetryWaitMs: 120_000, requestTimeoutMs: 15_000 }, allowWrites: true }),
  };
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createTarget(spec: TargetSpec): Target {
  for (const secret of [spec.auth.token, spec.auth.referralsToken, spec.auth.clientSecret, spec.auth.refreshToken]) registerSecret(secret);
  const dispatcher = createDispatcher();
  const pacer = pacerFor(spec.pacing);
  const common = { ...spec, dispatcher, pacer, tokens: new TokenProvider(spec.auth, dispatcher) };
  if (spec.replay) {
    const store = new ReplayStore(spec.replay);
    return {
      ...common,
      allowsMockProbes: true,
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
    allowsMockProbes: spec.kind === "bundled-mock" || (isLoopback(spec.origins.core) && isLoopback(spec.origins.referrals)),
    send: async (probe, request) => {
      await pacer.beforeRequest();
      const exchange = await sendRequest(request, { dispatcher, timeoutMs: spec.pacing.requestTimeoutMs });
      if (spec.record) recordExchange(spec.record, exchange, probe);
      return exchange;
    },
    wait: async (ms) => {
      pacer.waits++;
      await sleep(ms);
    },
  };
}
