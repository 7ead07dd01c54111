import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { analyzeBody } from "../checks/analyze-body.js";
import { findingOf, type Finding } from "../checks/check.js";
import { envelopeCheck } from "../checks/envelope.js";
import { runChecks } from "../checks/run-checks.js";
import type { ApiName } from "../contract/api-profile.js";
import { HarError } from "../errors.js";
import { apiProfiles, isApiName, profileForPath } from "../contract/apis/registry.js";
import { emptyBaseline, type Baseline } from "../gating/baseline.js";
import { judge } from "../gating/judge.js";
import { fromHarEntry, type HarEntry } from "../har/har.js";
import { readHar } from "../har/read-har.js";
import type { Exchange } from "../transport/exchange.js";

export type EntryVerdict = "pass" | "deviation" | "fail" | "skip";

export interface CheckedEntry {
  file: string;
  index: number;
  /** The case id the entry was recorded under (PC_RECORD), else `METHOD /path`: what a baseline entry names. */
  id: string;
  method: string;
  url: string;
  status: number;
  /** The API whose contract judged it, when one could be told. */
  api?: ApiName;
  envelope: string;
  /** A recording says which statuses its case expected; any other capture cannot, so its status is taken as meant. */
  statusJudged: boolean;
  verdict: EntryVerdict;
  /** Why the entry was left out (another host), when it was. */
  skipped?: string;
  /** The codes the error carried at each depth (0: top level), for the conformance matrix. */
  codes?: { code: string; depth: number }[];
  findings: { rule: string; check: string; severity: string; message: string; path: string; baseline?: "accepted" | "expired" }[];
}

export interface CheckOptions {
  /** Judge every entry by this API's contract. */
  api?: ApiName;
  baseline?: Baseline;
  strict?: boolean;
  /** YYYY-MM-DD, for baseline expiry. */
  today?: string;
  /**
   * Judge only entries to these hosts (exact, or `*.contoso.com`). Absent: a pc-contract recording is judged
   * whole; any other capture (a browser's, Fiddler's) only where it went to Partner Center.
   */
  hosts?: readonly string[];
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * Why an entry is left out, if it is: another host than those asked for, or in a capture without --host, a
 * request that went to no Partner Center API (a browser capture holds every third-party request of the page).
 */
export function outOfScope(entry: HarEntry, hosts: readonly string[] | undefined): string | undefined {
  const url = new URL(entry.request.url);
  if (hosts) {
    const match = hosts.some((h) => (h.startsWith("*.") ? url.hostname.endsWith(h.slice(1)) : url.hostname === h.toLowerCase()));
    return match ? undefined : `${url.hostname} is not among --host ${hosts.join(", ")}`;
  }
  if (entry._pcProbe !== undefined || entry._pcApi !== undefined) return undefined;
  if (apiProfiles().some((p) => p.productionHosts.includes(url.hostname))) return undefined;
  // An API told by its path alone (the identity platform's token endpoint), or a mock or proxy on this machine.
  const byPath = profileForPath(url.pathname);
  if (byPath && (byPath.productionHosts.length === 0 || LOOPBACK.test(url.hostname))) return undefined;
  return `${url.hostname} is no Partner Center host (--host ${url.hostname} judges it)`;
}

/** Which contract judges an entry: --api, the API it was recorded for, its URL's path, else its body's envelope. */
export function apiOf(entry: HarEntry, exchange: Exchange, override?: ApiName): ApiName | undefined {
  if (override) return override;
  if (entry._pcApi && isApiName(entry._pcApi)) return entry._pcApi;
  const byPath = profileForPath(new URL(entry.request.url).pathname);
  if (byPath) return byPath.name;
  const shape = analyzeBody(exchange, apiProfiles()[0]!).shape;
  return isApiName(shape) ? shape : undefined;
}

const message = (f: Finding) => `${f.title}: expected ${f.expected}, received ${f.received}`;

/** Judges one HAR entry with the same checks and the same judge as the suite. */
export function checkEntry(entry: HarEntry, file: string, index: number, options: CheckOptions = {}): CheckedEntry {
  const exchange = fromHarEntry(entry);
  const status = exchange.response.status;
  const url = new URL(entry.request.url);
  const id = entry._pcProbe ?? `${entry.request.method} ${url.pathname}`;
  const base = { file, index, id, method: entry.request.method, url: entry.request.url, status, statusJudged: entry._pcExpected !== undefined };
  const excluded = options.api && !options.hosts ? undefined : outOfScope(entry, options.hosts);
  if (excluded) return { ...base, envelope: "not judged", verdict: "skip", skipped: excluded, findings: [] };
  const api = apiOf(entry, exchange, options.api);
  if (api === undefined) {
    const shape = analyzeBody(exchange, apiProfiles()[0]!).shape;
    if (status < 400) return { ...base, envelope: shape, verdict: "skip", findings: [] };
    const finding = findingOf(envelopeCheck, "api-unknown", {
      title: "neither the URL nor the body says which API this is",
      expected: "a Partner Center URL (/v1/..., /v1.0/engagements/referrals), a token endpoint, or a known envelope; or --api",
      received: `${shape} body from ${url.host}`,
      path: "/",
    });
    return {
      ...base,
      envelope: shape,
      verdict: "fail",
      findings: [{ rule: finding.rule, check: finding.check, severity: finding.severity, message: message(finding), path: finding.path }],
    };
  }
  const expected = entry._pcExpected ?? [status];
  const { findings, body } = runChecks(exchange, api, {
    statuses: expected,
    ...(entry._pcTolerated ? { tolerated: entry._pcTolerated } : {}),
    ...(entry._pcEdge ? { edge: true } : {}),
  });
  // A success or a redirect is judged when a recording says what its case expected, or when its body is an
  // error envelope (the documents show errors inside 200s); otherwise there is no error contract to judge.
  if (status < 400 && !base.statusJudged && !body.view) return { ...base, api, envelope: body.shape, verdict: "skip", findings: [] };
  const judgement = judge(
    { kind: "checked", probe: { id, api, expect: { status: expected } }, exchange, body, findings },
    { baseline: options.baseline ?? emptyBaseline, strict: options.strict ?? false, today: options.today ?? new Date().toISOString().slice(0, 10) },
  );
  const state = new Map(judgement.record.findings.map((f, i) => [findings[i]!, f.baseline]));
  return {
    ...base,
    api,
    envelope: body.shape,
    verdict: judgement.verdict as EntryVerdict,
    codes: judgement.record.codes,
    findings: findings.map((f) => {
      const baseline = state.get(f);
      return { rule: f.rule, check: f.check, severity: f.severity, message: message(f), path: f.path, ...(baseline ? { baseline } : {}) };
    }),
  };
}

/** The HAR files named: a file, or every *.har below a folder. */
export function harFiles(path: string): string[] {
  if (!existsSync(path)) throw new HarError(path, "file", "does not exist");
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? harFiles(join(path, e.name)) : e.name.toLowerCase().endsWith(".har") ? [join(path, e.name)] : []))
    .sort();
}

export function checkHar(path: string, options: CheckOptions = {}): CheckedEntry[] {
  return harFiles(path).flatMap((file) => readHar(file).log.entries.map((entry, index) => checkEntry(entry, file, index, options)));
}
