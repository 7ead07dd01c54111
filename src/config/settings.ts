import type { ByApi } from "../contract/api-profile.js";
import { apiProfiles, targetApis } from "../contract/apis/registry.js";
import { ConfigError } from "../errors.js";
import { flag, origin, resolveList, share, wholeNumber } from "./parse.js";
import { idVariable, TENANT_IDS } from "../contract/tenant-ids.js";

/** Every PC_* variable the harness reads, with what it means: the API profiles add their origin and token variables. */
export function knownVariables(): Record<string, string> {
  const perApi: [string, string][] = apiProfiles().flatMap((p) => [
    ...(p.origin ? [[p.origin.variable, p.origin.description] as [string, string]] : []),
    ...(p.auth ? [[p.auth.tokenVariable, p.auth.tokenDescription] as [string, string]] : []),
  ]);
  return {
    ...Object.fromEntries(perApi),
    PC_AUTHORITY: "identity platform origin (default https://login.microsoftonline.com)",
    PC_TENANT_ID: "partner tenant id",
    PC_CLIENT_ID: "app registration's client id",
    PC_CLIENT_SECRET: "app registration's client secret",
    PC_REFRESH_TOKEN: "refresh token for app + user calls",
    PC_STRICT: "1 to fail on deviations too",
    PC_CHECKS: "comma-separated checks whose findings are judged (default: every check; npx pc-contract rules lists them)",
    ...Object.fromEntries(Object.entries(TENANT_IDS).map(([name, meaning]) => [idVariable(name), meaning])),
    PC_MOCK_DEFECTS: "comma-separated defects for the bundled mock",
    PC_REPORTS_DIR: "where reports are written (default reports; reports/fuzz for a fuzz run, reports/replay for a replay)",
    PC_SEED: "seed for generated bodies and fuzzing, 0 to 4294967295 (default: a new one each run, printed)",
    PC_FUZZ_RUNS: "random mutated requests per operation (fuzz mode; default 0, off)",
    PC_RATE_LIMIT: "requests per second to a live target (default 5: 300 a minute, well under the documented 500 a minute per tenant)",
    PC_MAX_REQUESTS: "request budget of a run against a live target (default 10 000)",
    PC_TIME_BUDGET: "seconds a run against a live target may take (default 1800)",
    PC_MAX_RETRY_WAIT: "longest Retry-After to wait out, in seconds (default 120)",
    PC_REQUEST_TIMEOUT: "deadline of one exchange, in seconds (default 15)",
    PC_STOP_AFTER_FAILURES:
      "transport or auth failures in a row after which the target is called unavailable: nothing more is sent, the rest is not judged, exit 3 (default 5; 0 never)",
    PC_ALLOW_WRITES:
      "1 to run probes that change state when accepted (refused for Partner Center's hosts); sandbox, with PC_SANDBOX_TENANT_ID, for an integration sandbox on them",
    PC_SANDBOX_TENANT_ID: "the integration sandbox's tenant id, typed a second time: with PC_ALLOW_WRITES=sandbox, it must equal PC_TENANT_ID",
    PC_RESOLVE:
      "HOST:PORT:ADDRESS[,...], as curl's --resolve: connections to HOST:PORT go to ADDRESS (the Host header and TLS name stay HOST), e.g. a Partner Center host name on a sandbox-shaped mock",
    PC_RESUME:
      "progress.json of an earlier run (every run writes one in its reports folder): run only the cases it left, with its seed, and merge the parts into one matrix",
    PC_RECORD: "save every exchange as HAR 1.2 to this file",
    PC_REPLAY: "run offline against this HAR recording",
    PC_BASELINE: "file of accepted findings (default baseline.json, when it exists)",
    PC_MIN_COVERAGE: "gate: share of each API's client-provokable statuses a run must prove, 0 to 1 or a percentage (80%); below it the run exits 4",
    PC_FAIL_ON_SKIP: "gate: 1 to exit 4 when any case was skipped (a thin run never passes for a full one)",
    PC_MAX_FAILURES: "stop the run after this many failed cases (default: run everything)",
  };
}

/** What every command needs to know of a run before it starts one, read by the same parsers as the full configuration. */
export interface Settings {
  reportsDir: string;
  /** The origin of each API a run targets; absent: the bundled mock. Never with user info. */
  origins?: Readonly<ByApi<string>>;
  strict: boolean;
  /** Random cases per operation in fuzz mode; 0 is off. */
  fuzzRuns: number;
  /** Save every exchange of the run as HAR 1.2 here. */
  record?: string;
  /** PC_RESOLVE: `host:port` to the address its connections go to, as curl's --resolve. */
  resolve?: Readonly<Record<string, string>>;
  /** Run offline against this recording instead of a live target. */
  replay?: string;
  /** Resume from this progress file: only the cases it left run, and its parts merge with this one. */
  resume?: string;
  /** Accepted findings: a JSON file of entries with a rule, a reason, an owner and an expiry date. */
  baseline: string;
  /** Only these checks' findings are judged (PC_CHECKS); absent: every check. Names are checked where the checks are known. */
  checks?: readonly string[];
  /** Gates a run must pass besides its verdicts (exit 4): coverage per API, no skip; and a stop after so many failures. */
  gates: { minCoverage?: number; failOnSkip: boolean; maxFailures?: number; statusCases?: "documented" | readonly number[] };
  /** What the reader changed or doubts, for the edge to print (user info dropped from a URL). */
  notices: readonly string[];
}

export type Env = Record<string, string | undefined>;

/** The value of a variable, with "" as unset. */
export const valueOf = (env: Env, name: string): string | undefined => (env[name] === "" ? undefined : env[name]);

/** The origins of the APIs a run targets: each its own variable, else its fallback's. */
function readOrigins(env: Env, notices: string[]): ByApi<string> | undefined {
  const apis = targetApis();
  const own = Object.fromEntries(apis.map((p) => [p.name, origin(p.origin!.variable, valueOf(env, p.origin!.variable), notices)]));
  const primary = apis.filter((p) => p.origin!.fallback === undefined);
  const unsetPrimary = primary.find((p) => own[p.name] === undefined);
  const setOther = apis.find((p) => own[p.name] !== undefined);
  if (!setOther) return undefined;
  if (unsetPrimary) {
    throw new ConfigError(`${setOther.origin!.variable} is set but ${unsetPrimary.origin!.variable} is not; set both to point at a target`);
  }
  const origins: ByApi<string> = {};
  for (const p of apis) origins[p.name] = own[p.name] ?? origins[p.origin!.fallback!]!;
  return origins;
}

/**
 * The one reader of the PC_* environment's run-level settings, used by vitest.config.ts, the CLI, the report
 * script and (through loadConfig) the global setup. Unknown PC_* variables are refused here.
 */
export function readSettings(env: Env): Settings {
  const known = knownVariables();
  const unknown = Object.keys(env).filter((k) => k.startsWith("PC_") && !(k in known));
  if (unknown.length) throw new ConfigError(`unknown variable ${unknown.join(", ")}; known: ${Object.keys(known).join(", ")}`);
  const notices: string[] = [];
  const origins = readOrigins(env, notices);
  const record = valueOf(env, "PC_RECORD");
  const resolve = resolveList("PC_RESOLVE", valueOf(env, "PC_RESOLVE"));
  const replay = valueOf(env, "PC_REPLAY");
  const resume = valueOf(env, "PC_RESUME");
  const fuzzRuns = wholeNumber("PC_FUZZ_RUNS", valueOf(env, "PC_FUZZ_RUNS"), 100_000) ?? 0;
  // A fuzz run or a replay writes beside the main run's reports, never over them, unless told where.
  const reportsDir = valueOf(env, "PC_REPORTS_DIR") ?? (fuzzRuns > 0 ? "reports/fuzz" : replay ? "reports/replay" : "reports");
  return Object.freeze({
    reportsDir,
    ...(origins ? { origins: Object.freeze(origins) } : {}),
    strict: flag("PC_STRICT", valueOf(env, "PC_STRICT")),
    fuzzRuns,
    ...(record ? { record } : {}),
    ...(resolve ? { resolve: Object.freeze(resolve) } : {}),
    ...(replay ? { replay } : {}),
    ...(resume ? { resume } : {}),
    baseline: valueOf(env, "PC_BASELINE") ?? "baseline.json",
    ...optional(
      "checks",
      valueOf(env, "PC_CHECKS")
        ?.split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    ),
    gates: Object.freeze({
      ...optional("minCoverage", share("PC_MIN_COVERAGE", valueOf(env, "PC_MIN_COVERAGE"))),
      failOnSkip: flag("PC_FAIL_ON_SKIP", valueOf(env, "PC_FAIL_ON_SKIP")),
      ...optional("maxFailures", wholeNumber("PC_MAX_FAILURES", valueOf(env, "PC_MAX_FAILURES"), 10_000_000)),
      ...optional("statusCases", statusList("PC_REQUIRE_STATUS_CASES", valueOf(env, "PC_REQUIRE_STATUS_CASES"))),
    }),
    notices: Object.freeze(notices),
  });
}

/** `documented` (every documented client status) or a list of client statuses: 400,401,404. */
function statusList(name: string, value: string | undefined): "documented" | readonly number[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "documented") return "documented";
  const statuses = value.split(",").map((s) => s.trim());
  if (!statuses.every((s) => /^4\d\d$/.test(s)))
    throw new ConfigError(`${name}=${value}: give "documented" or client statuses separated by commas (400,401,404)`);
  return Object.freeze(statuses.map(Number));
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

/** A short description of what a run is pointed at, for summaries and the report's environment panel. */
export function describeTarget(settings: Settings): string {
  if (settings.replay) return `replay of ${settings.replay}`;
  if (!settings.origins) return "bundled mock";
  return [...new Set(Object.values(settings.origins))].join(", ");
}
