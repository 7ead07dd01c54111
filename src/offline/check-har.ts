import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { analyzeBody } from "../checks/analyze-body.js";
import { runChecks } from "../checks/run-checks.js";
import type { Finding } from "../checks/types.js";
import type { ApiName } from "../contract/types.js";
import { fromHarEntry, type HarEntry } from "../har/har.js";
import { readHar } from "../har/read-har.js";
import { verdictOf } from "../probes/run-probe.js";
import { oauthFindings } from "./oauth-checks.js";

export type EntryVerdict = "pass" | "deviation" | "fail" | "skip";

export interface CheckedEntry {
  file: string;
  index: number;
  method: string;
  url: string;
  status: number;
  envelope: string;
  verdict: EntryVerdict;
  findings: { check: string; severity: string; message: string; path: string }[];
}

const TOKEN_PATH = /\/oauth2\/(v2\.0\/)?token\/?$/i;

/** Which contract judges an entry: the URL first (Referrals path, core /v1/ path, token endpoint), else the body. */
export function apiOf(entry: HarEntry, shape: string, override?: ApiName): ApiName | "oauth" | undefined {
  if (override) return override;
  const path = new URL(entry.request.url).pathname;
  if (TOKEN_PATH.test(path)) return "oauth";
  if (/\/v1\.0\/engagements\/referrals(\/|$)/i.test(path)) return "referrals";
  if (/^\/v1(\/|$)/i.test(path)) return "core";
  if (shape === "core" || shape === "referrals") return shape;
  return undefined;
}

const message = (f: Finding) => `${f.title}: expected ${f.expected}, received ${f.received}`;

export function checkEntry(entry: HarEntry, file: string, index: number, override?: ApiName): CheckedEntry {
  const exchange = fromHarEntry(entry);
  const status = exchange.response.status;
  const base = { file, index, method: entry.request.method, url: entry.request.url, status };
  const body = analyzeBody(exchange);
  // 2xx (and 1xx/3xx) are not error responses: errors inside 200 bodies are a contract of their own.
  if (status < 400) return { ...base, envelope: body.shape, verdict: "skip", findings: [] };
  const api = apiOf(entry, body.shape, override);
  let findings: Finding[];
  if (api === "oauth") {
    findings = oauthFindings(exchange, body);
  } else if (api === undefined) {
    findings = [{ check: "envelope", severity: "violation", title: "neither the URL nor the body says which API this is", expected: "a Partner Center URL (/v1/..., /v1.0/engagements/referrals) or envelope; or --api", received: `${body.shape} body from ${new URL(entry.request.url).host}`, path: "/" }];
  } else {
    // No probe says which status was wanted: the observed one is taken as meant, and judged against the API's list.
    findings = runChecks(exchange, api, { statuses: [status] });
  }
  return {
    ...base,
    envelope: api === "oauth" ? "oauth" : body.shape,
    verdict: verdictOf(findings, false),
    findings: findings.map((f) => ({ check: f.check, severity: f.severity, message: message(f), path: f.path })),
  };
}

/** The HAR files named: a file, or every *.har below a folder. */
export function harFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? harFiles(join(path, e.name)) : e.name.toLowerCase().endsWith(".har") ? [join(path, e.name)] : []))
    .sort();
}

export function checkHar(path: string, override?: ApiName): CheckedEntry[] {
  return harFiles(path).flatMap((file) => readHar(file).log.entries.map((entry, index) => checkEntry(entry, file, index, override)));
}
