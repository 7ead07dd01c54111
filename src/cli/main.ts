import { parseArgs, type ParseArgsConfig } from "node:util";
import { packageVersion } from "../contract/paths.js";
import { ruleCatalogue } from "../checks/index.js";
import { loadEnvironment } from "../config/env-file.js";
import { readSettings } from "../config/settings.js";
import { apiProfiles, isApiName } from "../contract/apis/registry.js";
import { describeFailure, EXIT, UsageError } from "../errors.js";
import { readBaseline } from "../gating/baseline.js";
import { checkHar, type CheckedEntry } from "../offline/check-har.js";
import { printable, printableLines } from "../transport/printable.js";
import { mockCommand } from "../mock/cli.js";
import { cleanupCommand } from "./cleanup.js";
import { mergeReports } from "./merge.js";
import { PROXY_USAGE, proxyCommand } from "./proxy.js";
import { kinds } from "../generate/mutations.js";
import { buildReport } from "./report.js";
import { runSuite, RUN_USAGE } from "./run.js";
import { writeBaseline } from "./write-baseline.js";

const USAGE = `usage: pc-contract run [flags]             (pc-contract run --help lists them)
       pc-contract mock [flags]            (pc-contract mock --help lists them)
       pc-contract check <file.har | folder> [--host HOST]... [--api NAME] [--json] [--strict] [--baseline FILE]
       pc-contract baseline --owner NAME --reason TEXT [--days 30] [--file baseline.json]
       pc-contract report
       pc-contract cleanup [reports/created.json]
       pc-contract merge <shard-folder>... --out DIR
       pc-contract proxy --target ORIGIN [--port 8080]   (pc-contract proxy --help)
       pc-contract rules [--json]
       pc-contract kinds [--json]

run       runs the conformance suite against the bundled mock, or a sandbox (--base-url), and writes the reports.
mock      serves the bundled mock Partner Center until stopped.

check     runs the contract checks on every response recorded in HAR 1.2 files (browser, Fiddler, mitmproxy,
          PC_RECORD) and judges them as the suite does, honouring the baseline. The API comes from the recording,
          the URL (Referrals path, core /v1/ path, token endpoint), else the body; --api overrides. A recording
          made with PC_RECORD says which status each case expected; other captures have their status taken as
          meant. 2xx responses are skipped unless their body is an error. A capture other than a pc-contract
          recording is judged where it went to Partner Center (its hosts, the token endpoint, loopback); --host
          names the hosts to judge instead (exact, or *.contoso.com). Exit 1 when an entry fails.
baseline  accepts every finding of the last completed run (reports/findings.json) that the baseline file does
          not cover yet, each with its rule, severity, the reason, the owner and an expiry date.
report    builds the HTML report of the last run: reports/allure-report/awesome (a site) and single-file/index.html
          (one file that opens from disk), with history across runs.
cleanup   removes again what a run created by accident and could not remove (reports/created.json), with the
          credentials of the environment; writes back what is still left. Exit 1 while something is left.
merge     merges the reports of a sharded run (each shard's cases.json, Allure results and junit.xml) into one
          folder: one matrix, one SARIF file, one summary.
proxy     passive mode: forwards your own tests' traffic to ORIGIN unchanged and judges every error response.
rules     lists every rule id a finding (and a baseline entry) can name.
kinds     lists every kind of bad input the generated cases send: where it goes, how sure its expected answer is
          (documented, inferred, coercible, edge) and the page it rests on.`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

function parse<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function render(entries: CheckedEntry[]): string {
  const lines: string[] = [];
  for (const e of entries) {
    const where = entries.some((x) => x.file !== e.file) ? `  [${e.file}]` : "";
    const judged = e.statusJudged || e.verdict === "skip" ? "" : " (status not judged)";
    const why = e.skipped ? ` (skipped: ${e.skipped})` : "";
    lines.push(`${e.verdict.toUpperCase().padEnd(9)} #${e.index} ${e.method} ${e.url} → ${e.status} (${e.envelope})${judged}${why}${where}`);
    for (const f of e.findings)
      lines.push(
        `    ${f.baseline === "accepted" ? "=" : f.severity === "violation" ? "✗" : "~"} [${f.rule}] ${f.message} (at ${f.path})${f.baseline === "accepted" ? " (accepted by the baseline)" : ""}`,
      );
  }
  const count = (v: string) => entries.filter((e) => e.verdict === v).length;
  lines.push("", `${entries.length} entries: ${count("pass")} pass, ${count("deviation")} deviation, ${count("fail")} fail, ${count("skip")} skip`);
  // URLs, methods and messages come from the HAR: shown, never obeyed by the terminal.
  return `${printableLines(lines.join("\n"))}\n`;
}

function check(args: string[], env: NodeJS.ProcessEnv, io: Io): number {
  const { values, positionals } = parse({
    args,
    allowPositionals: true,
    options: {
      api: { type: "string" },
      host: { type: "string", multiple: true },
      json: { type: "boolean" },
      strict: { type: "boolean" },
      baseline: { type: "string" },
    },
  });
  const [path, extra] = positionals;
  if (!path || extra) throw new UsageError("name one HAR file or one folder");
  if (values.api !== undefined && !isApiName(values.api)) {
    throw new UsageError(
      `--api must be one of ${apiProfiles()
        .map((p) => p.name)
        .join(", ")}, got "${values.api}"`,
    );
  }
  const settings = readSettings(env);
  const entries = checkHar(path, {
    ...(values.api ? { api: values.api } : {}),
    ...(values.host?.length ? { hosts: values.host.map((h) => h.toLowerCase()) } : {}),
    baseline: readBaseline(values.baseline ?? settings.baseline),
    strict: values.strict ?? settings.strict,
  });
  io.out(values.json ? `${JSON.stringify({ entries }, null, 2)}\n` : render(entries));
  return entries.some((e) => e.verdict === "fail") ? EXIT.contractFailures : EXIT.conformant;
}

function baseline(args: string[], env: NodeJS.ProcessEnv, io: Io): number {
  const { values } = parse({ args, options: { owner: { type: "string" }, reason: { type: "string" }, days: { type: "string" }, file: { type: "string" } } });
  if (!values.owner || !values.reason)
    throw new UsageError("baseline needs --owner and --reason: every accepted finding has someone who answers for it, and why");
  const days = Number(values.days ?? 30);
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new UsageError(`--days must be a whole number from 1 to 366, got "${values.days}"`);
  const settings = readSettings(env);
  const file = values.file ?? settings.baseline;
  const { added, kept } = writeBaseline({ reports: settings.reportsDir, file, owner: values.owner, reason: values.reason, days });
  io.out(`pc-contract: ${file}: ${added} entries added, ${kept} kept\n`);
  return EXIT.conformant;
}

function report(args: string[], env: NodeJS.ProcessEnv, io: Io): number {
  parse({ args, options: {} });
  const built = buildReport(readSettings(env).reportsDir);
  for (const note of built.notes) io.err(`pc-contract report: ${note}\n`);
  io.out(`pc-contract report: ${built.site}\npc-contract report: ${built.singleFile} (one file, opens from disk)\n`);
  return EXIT.conformant;
}

function merge(args: string[], io: Io): number {
  const { values, positionals } = parse({ args, allowPositionals: true, options: { out: { type: "string" } } });
  if (!values.out) throw new UsageError("merge needs --out DIR: where the merged reports go");
  for (const line of mergeReports(positionals, values.out)) io.out(`${printable(line)}\n`);
  return EXIT.conformant;
}

function rules(args: string[], io: Io): number {
  const { values } = parse({ args, options: { json: { type: "boolean" } } });
  const all = [...ruleCatalogue()].map(([rule, spec]) => ({ rule, severity: spec.severity, summary: spec.summary }));
  io.out(
    values.json
      ? `${JSON.stringify({ rules: all }, null, 2)}\n`
      : `${all.map((r) => `${r.rule.padEnd(44)} ${r.severity.padEnd(10)} ${r.summary}`).join("\n")}\n`,
  );
  return EXIT.conformant;
}

function kindsCommand(args: string[], io: Io): number {
  const { values } = parse({ args, options: { json: { type: "boolean" } } });
  const all = kinds();
  io.out(
    values.json
      ? `${JSON.stringify({ kinds: all }, null, 2)}\n`
      : `${all.map((k) => `${k.kind.padEnd(24)} ${k.location.padEnd(11)} ${k.certainty.padEnd(11)} ${k.description}`).join("\n")}\n`,
  );
  return EXIT.conformant;
}

/** The pc-contract command: returns its exit code; every failure is one line on stderr. */
export async function main(argv: readonly string[], given?: NodeJS.ProcessEnv, io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const environment = given ? { env: given, notices: [] } : loadEnvironment();
    const env = environment.env;
    for (const notice of environment.notices) io.err(`pc-contract: notice: ${printable(notice)}\n`);
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.out(`${USAGE}\n`);
      return EXIT.conformant;
    }
    if (command === "run") {
      if (rest.includes("--help") || rest.includes("-h")) return (io.out(`${RUN_USAGE}\n`), EXIT.conformant);
      return await runSuite(rest, env);
    }
    if (command === "mock") return (await mockCommand(rest)) ?? (await new Promise<number>(() => undefined));
    if (command === "report") return report(rest, env, io);
    if (command === "merge") return merge(rest, io);
    if (command === "cleanup") {
      const { lines, left } = await cleanupCommand(rest, env);
      for (const line of lines) io.out(`${printableLines(line)}\n`);
      return left ? EXIT.contractFailures : EXIT.conformant;
    }
    if (command === "proxy") {
      if (rest.includes("--help") || rest.includes("-h")) return (io.out(`${PROXY_USAGE}\n`), EXIT.conformant);
      return await proxyCommand(rest, readSettings(env), packageVersion());
    }
    if (command === "check") return check(rest, env, io);
    if (command === "baseline") return baseline(rest, env, io);
    if (command === "rules") return rules(rest, io);
    if (command === "kinds") return kindsCommand(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    const { line, exit } = describeFailure(error);
    io.err(`pc-contract: ${printable(line)}\n`);
    if (error instanceof UsageError) io.err(`${USAGE}\n`);
    return exit;
  }
}
