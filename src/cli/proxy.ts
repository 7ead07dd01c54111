import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ApiName } from "../contract/api-profile.js";
import { isApiName } from "../contract/apis/registry.js";
import { UsageError } from "../errors.js";
import { readBaseline } from "../gating/baseline.js";
import type { CaseRecord } from "../gating/case-record.js";
import type { Har } from "../har/har.js";
import type { CheckedEntry } from "../offline/check-har.js";
import { startProxy, type RunningProxy } from "../proxy/proxy.js";
import { summaryLines } from "../report/conformance-matrix.js";
import { writeConformanceFiles } from "../report/conformance-files.js";
import { writeJUnit } from "../report/junit.js";
import { summarizeRun, summaryOfRun } from "../report/run-summary.js";
import { printable } from "../transport/printable.js";

export const PROXY_USAGE = `usage: pc-contract proxy --target ORIGIN [--port 8080] [--host 127.0.0.1] [--api NAME] [--strict] [--baseline FILE]

proxy     passive mode: forwards your own integration tests' traffic to ORIGIN (Partner Center, a sandbox-shaped
          host, or the mock) unchanged, judges every error response live with the checks and the judge the suite
          uses, and prints a line for each. Point your client's base URL at the proxy. When stopped (Ctrl-C,
          SIGTERM) it writes proxy.har (credentials redacted), junit.xml, findings.json, the matrix and SARIF to
          the reports folder, and exits 1 if any response failed.`;

/** A judged exchange as a case of the conformance matrix: its status taken as meant, as for any capture. */
function recordOf(e: CheckedEntry): CaseRecord {
  return {
    id: e.id,
    api: e.api ?? "core",
    expected: [e.status],
    observed: e.status,
    codes: e.codes ?? [],
    outcome: e.verdict === "skip" ? "skipped" : "checked",
    ...(e.verdict === "skip" ? { reason: e.skipped ?? "not an error response" } : { verdict: e.verdict }),
    findings: e.findings.map((f) => ({
      check: f.check,
      rule: f.rule,
      severity: f.severity === "violation" ? "violation" : "deviation",
      title: f.message,
      path: f.path,
      ...(f.baseline ? { baseline: f.baseline } : {}),
    })),
  };
}

/** Writes what the proxy saw; returns the closing summary's lines. */
export function writeProxyReports(proxy: RunningProxy, dir: string, version: string): string[] {
  mkdirSync(dir, { recursive: true });
  const har: Har = { log: { version: "1.2", creator: { name: "pc-contract proxy", version }, entries: proxy.entries } };
  writeFileSync(join(dir, "proxy.har"), `${JSON.stringify(har, null, 1)}\n`);
  const judged = proxy.judged.filter((e) => e.verdict !== "skip");
  writeJUnit(
    join(dir, "junit.xml"),
    "pc-contract proxy",
    judged.map((e) => ({
      classname: e.api ?? "unknown",
      name: `#${e.index} ${e.method} ${new URL(e.url).pathname} → ${e.status}`,
      ...(e.verdict === "fail" ? { failure: e.findings.map((f) => `[${f.rule}] ${f.message}`).join("\n") } : {}),
      ...(e.verdict === "deviation" ? { output: e.findings.map((f) => `[${f.rule}] ${f.message}`).join("\n") } : {}),
    })),
  );
  const records = judged.map(recordOf);
  writeFileSync(join(dir, "findings.json"), `${JSON.stringify({ cases: records.filter((r) => r.findings.length) }, null, 2)}\n`);
  const { matrix } = writeConformanceFiles(dir, records);
  return [
    `${proxy.entries.length} exchanges forwarded, ${judged.length} judged (error responses), written to ${dir}`,
    ...summaryLines(matrix),
    ...summaryOfRun(summarizeRun(records)),
  ];
}

export interface ProxyCommand {
  target: string;
  port: number;
  host: string;
  api?: ApiName;
  strict: boolean;
  baseline?: string;
}

export function parseProxyArgs(args: string[]): ProxyCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        target: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        api: { type: "string" },
        strict: { type: "boolean" },
        baseline: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const target = values.target as string | undefined;
  if (!target) throw new UsageError("proxy needs --target ORIGIN, such as https://api.partnercenter.microsoft.com");
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`--target ${target} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`--target must be an http(s) origin`);
  if (url.username || url.password) throw new UsageError("--target must not carry user info: credentials travel in your client's requests");
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535`);
  const api = values.api as string | undefined;
  if (api !== undefined && !isApiName(api)) throw new UsageError(`--api ${api}: no such API`);
  return {
    target: url.origin,
    port,
    host: (values.host as string | undefined) ?? "127.0.0.1",
    ...(api ? { api } : {}),
    strict: values.strict === true,
    ...(typeof values.baseline === "string" ? { baseline: values.baseline } : {}),
  };
}

/** `pc-contract proxy`: serves until SIGINT / SIGTERM, then writes the reports; resolves with the exit code. */
export async function proxyCommand(args: string[], settings: { reportsDir: string; strict: boolean; baseline: string }, version: string): Promise<number> {
  const o = parseProxyArgs(args);
  const proxy = await startProxy({
    target: o.target,
    port: o.port,
    host: o.host,
    ...(o.api ? { api: o.api } : {}),
    strict: o.strict || settings.strict,
    baseline: readBaseline(o.baseline ?? settings.baseline),
    onJudged: (e) => {
      if (e.verdict === "skip") return;
      const rules = e.findings.filter((f) => f.baseline !== "accepted").map((f) => f.rule);
      process.stdout.write(
        `${printable(`${e.verdict.toUpperCase().padEnd(9)} ${e.method} ${e.url} → ${e.status}${rules.length ? ` [${rules.join(", ")}]` : ""}`)}\n`,
      );
    },
  });
  process.stdout.write(`pc-contract proxy: ${proxy.url} → ${o.target}; point your client at ${proxy.url}, stop with Ctrl-C\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await proxy.close();
  for (const line of writeProxyReports(proxy, settings.reportsDir, version)) process.stdout.write(`  ${printable(line)}\n`);
  return proxy.judged.some((e) => e.verdict === "fail") ? 1 : 0;
}
