import { parseArgs } from "node:util";
import { targetApis } from "../contract/apis/registry.js";
import { describeFailure, EXIT, UsageError } from "../errors.js";
import { defects, findDefects } from "./defects.js";
import { startMock } from "./server.js";
import type { MockOptions } from "./mock-options.js";
import { idVariable, TENANT_IDS } from "../contract/tenant-ids.js";
import { DEFAULT_AUTHORITY } from "../contract/apis/oauth.js";

const USAGE = `usage: pc-contract mock [--port N] [--host H] [--tenant-id ID] [--client-id ID] [--client-secret SECRET]
                        [--refresh-token TOKEN] [--static-token TOKEN] [--defect NAME]... [--throttle-limit N] [--token-lifetime SECONDS]
                        [--sandbox-like] [--lookalike] [--real-traffic] [--lenient-writes] [--list-defects]
  --sandbox-like   throttle the tenant as a whole (40 requests per 2 s, with Retry-After) and issue
                   5-second tokens: what a run against a real sandbox meets, quickly
  --lookalike      answer as Partner Center would: no mock handshake, so a run treats it as a real
                   tenant; prints the settings that reach it under Partner Center's host names (PC_RESOLVE),
                   where writes need PC_ALLOW_WRITES=sandbox and PC_SANDBOX_TENANT_ID
  --lenient-writes accept bodies whose only faults a lenient deserializer lets through, and create the resource
                   (a customer, a user, a referral): what a run against a lenient sandbox must clean up after
  --real-traffic   answer with the shapes known real Partner Center traffic has (numeric codes, bodiless 401s,
                   the extended envelope, ...): a run ends with deviations only`;

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "tenant-id": { type: "string" },
        "client-id": { type: "string" },
        "client-secret": { type: "string" },
        "refresh-token": { type: "string" },
        "static-token": { type: "string" },
        defect: { type: "string", multiple: true },
        "throttle-limit": { type: "string" },
        "token-lifetime": { type: "string" },
        "list-defects": { type: "boolean" },
        "sandbox-like": { type: "boolean" },
        lookalike: { type: "boolean" },
        "real-traffic": { type: "boolean" },
        "lenient-writes": { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The identity platform's host, which a lookalike answers for too. */
const AUTHORITY_HOST = new URL(DEFAULT_AUTHORITY).host;

/**
 * What a lookalike prints: the settings (for .env) that reach it under Partner Center's own host names, as a
 * sandbox is reached, and the ids of the resources it seeded (a real tenant has no handshake to learn them from).
 */
function lookalikeSettings(o: MockOptions): string[] {
  const at = (host: string) => `http://${host}:${o.port}`;
  const hosts = [...targetApis().map((p) => p.productionHosts[0]!), AUTHORITY_HOST];
  const ids = Object.keys(TENANT_IDS)
    .filter((name) => o.ids[name])
    .map((name) => `${idVariable(name)}=${o.ids[name]}`);
  return [
    "  lookalike: answers as Partner Center would (no mock handshake)",
    "Point the suite at it under Partner Center's host names (in .env, or the environment):",
    ...targetApis().map((p) => `    ${p.origin!.variable}=${at(p.productionHosts[0]!)}`),
    `    PC_AUTHORITY=${at(AUTHORITY_HOST)}`,
    `    PC_RESOLVE=${hosts.map((h) => `${h}:${o.port}:${o.host}`).join(",")}`,
    `    PC_TENANT_ID=${o.tenantId}`,
    `    PC_CLIENT_ID=${o.clientId}`,
    "    PC_CLIENT_SECRET=… PC_REFRESH_TOKEN=… (as started)",
    ...ids.map((line) => `    ${line}`),
    "  writes then need PC_ALLOW_WRITES=sandbox and PC_SANDBOX_TENANT_ID, the tenant id typed a second time.",
  ];
}

/** `npm run mock`: serves until SIGINT / SIGTERM; returns an exit code when it cannot start. */
async function main(argv: string[]): Promise<number | undefined> {
  const parsed = parse(argv);
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.conformant;
  }
  if (parsed["list-defects"]) {
    for (const d of defects) process.stdout.write(`${d.name.padEnd(32)} ${d.severity.padEnd(10)} caught by ${d.caughtBy.padEnd(17)} ${d.description}\n`);
    return EXIT.conformant;
  }
  const port = integer("port", parsed.port, 0, 65535);
  const throttleLimit = integer("throttle-limit", parsed["throttle-limit"], 1, 1_000_000);
  const tokenLifetimeSeconds = integer("token-lifetime", parsed["token-lifetime"], 1, 86_400);
  const mock = await startMock({
    ...(port !== undefined ? { port } : {}),
    ...(parsed.host ? { host: parsed.host } : {}),
    ...(parsed["tenant-id"] ? { tenantId: parsed["tenant-id"] } : {}),
    ...(parsed["client-id"] ? { clientId: parsed["client-id"] } : {}),
    ...(parsed["client-secret"] ? { clientSecret: parsed["client-secret"] } : {}),
    ...(parsed["refresh-token"] ? { refreshToken: parsed["refresh-token"] } : {}),
    ...(parsed["static-token"] ? { staticToken: parsed["static-token"] } : {}),
    ...(parsed.defect || parsed["real-traffic"] ? { defects: [...(parsed.defect ?? []), ...(parsed["real-traffic"] ? ["real-traffic"] : [])] } : {}),
    ...(throttleLimit ? { throttleLimit } : {}),
    ...(parsed["lenient-writes"] ? { lenientWrites: true } : {}),
    ...(parsed.lookalike ? { lookalike: true } : {}),
    ...(parsed["sandbox-like"] ? { tenantThrottle: { limit: 40, windowMs: 2_000 }, tokenLifetimeSeconds: 5 } : {}),
    ...(tokenLifetimeSeconds ? { tokenLifetimeSeconds } : {}),
  });
  const o = mock.options;
  const variables = targetApis().map((p) => `${p.origin!.variable}=${mock.url}`);
  process.stdout.write(
    [
      `pc-contract mock: Partner Center ${targetApis()
        .map((p) => p.title)
        .join(" and ")} on ${mock.url}`,
      `  core       ${mock.url}/v1/...`,
      `  referrals  ${mock.url}/v1.0/engagements/referrals`,
      `  token      POST ${mock.url}/${o.tenantId}/oauth2/v2.0/token (client id ${o.clientId})`,
      `  defects    ${
        o.defects.length
          ? findDefects(o.defects)
              .map((d) => d.name)
              .join(", ")
          : "none (conformant)"
      }`,
      ...(o.tenantThrottle
        ? [`  sandbox-like: ${o.tenantThrottle.limit} requests per ${o.tenantThrottle.windowMs / 1000} s per tenant, ${o.tokenLifetimeSeconds}-second tokens`]
        : []),
      ...(o.lookalike
        ? lookalikeSettings(o)
        : [
            `Point the suite at it: ${variables[0]} PC_AUTHORITY=${mock.url} PC_TENANT_ID=${o.tenantId} PC_CLIENT_ID=${o.clientId} PC_CLIENT_SECRET=… PC_REFRESH_TOKEN=… npx vitest run`,
          ]),
      "",
    ].join("\n"),
  );
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return undefined;
}

/**
 * `pc-contract mock` (and `npm run mock`): the mock until SIGINT / SIGTERM. Resolves with an exit code when it
 * cannot start, or has nothing to serve (--help, --list-defects); stays pending while it serves.
 */
export async function mockCommand(argv: string[]): Promise<number | undefined> {
  try {
    return await main(argv);
  } catch (error) {
    const { line, exit } = describeFailure(error);
    process.stderr.write(`pc-contract mock: ${line}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    return exit;
  }
}
