import { parseArgs } from "node:util";
import { HarError } from "../har/read-har.js";
import { checkHar, type CheckedEntry } from "../offline/check-har.js";
import { EXIT } from "../vitest/exit-codes.js";
import { writeBaseline } from "./write-baseline.js";

const USAGE = `usage: pc-contract check <file.har | folder> [--api core|referrals] [--json]
       pc-contract baseline --owner NAME --reason TEXT [--days 30] [--file baseline.json]

Runs the contract checks on every response recorded in HAR 1.2 files (browser, Fiddler, mitmproxy, PC_RECORD).
The API comes from the URL (Referrals path, core /v1/ path), else from the body; --api overrides. Token-endpoint
errors are judged as OAuth errors (RFC 6749 §5.2). 2xx responses are skipped. Exit 1 when an entry fails.

baseline accepts every finding of the last run (reports/findings.json) that the baseline file does not cover
yet, each with the reason, the owner and an expiry date; the suite then passes on them until they expire.`;

function usage(message?: string): never {
  if (message) process.stderr.write(`pc-contract: ${message}\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(message ? EXIT.harness : 0);
}

function render(entries: CheckedEntry[]): string {
  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`${e.verdict.toUpperCase().padEnd(9)} #${e.index} ${e.method} ${e.url} → ${e.status} (${e.envelope})${entries.some((x) => x.file !== e.file) ? `  [${e.file}]` : ""}`);
    for (const f of e.findings) lines.push(`    ${f.severity === "violation" ? "✗" : "~"} [${f.check}] ${f.message} (at ${f.path})`);
  }
  const count = (v: string) => entries.filter((e) => e.verdict === v).length;
  lines.push("", `${entries.length} entries: ${count("pass")} pass, ${count("deviation")} deviation, ${count("fail")} fail, ${count("skip")} skip`);
  return `${lines.join("\n")}\n`;
}

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === "--help" || command === "-h") usage();
if (command === "baseline") {
  let values;
  try {
    values = parseArgs({ args: rest, options: { owner: { type: "string" }, reason: { type: "string" }, days: { type: "string" }, file: { type: "string" } } }).values;
  } catch (error) {
    usage((error as Error).message);
  }
  if (!values.owner || !values.reason) usage("baseline needs --owner and --reason: every accepted finding has someone who answers for it, and why");
  const days = Number(values.days ?? 30);
  if (!Number.isInteger(days) || days < 1 || days > 366) usage(`--days must be a whole number from 1 to 366, got "${values.days}"`);
  const file = values.file ?? process.env.PC_BASELINE ?? "baseline.json";
  try {
    const { added, kept } = writeBaseline({ reports: process.env.PC_REPORTS_DIR ?? "reports", file, owner: values.owner, reason: values.reason, days });
    process.stdout.write(`pc-contract: ${file}: ${added} entries added, ${kept} kept\n`);
  } catch (error) {
    process.stderr.write(`pc-contract: ${(error as Error).message}\n`);
    process.exit(EXIT.harness);
  }
  process.exit(0);
}
if (command !== "check") usage(`unknown command "${command}"`);
let args;
try {
  args = parseArgs({ args: rest, allowPositionals: true, options: { api: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } } });
} catch (error) {
  usage((error as Error).message);
}
if (args.values.help) usage();
const [path, extra] = args.positionals;
if (!path || extra) usage("name one HAR file or one folder");
const api = args.values.api;
if (api !== undefined && api !== "core" && api !== "referrals") usage(`--api must be core or referrals, got "${api}"`);
let entries: CheckedEntry[];
try {
  entries = checkHar(path, api);
} catch (error) {
  if (error instanceof HarError || (error as { code?: string }).code === "ENOENT") {
    process.stderr.write(`pc-contract: ${(error as Error).message}\n`);
    process.exit(EXIT.harness);
  }
  throw error;
}
process.stdout.write(args.values.json ? `${JSON.stringify({ entries }, null, 2)}\n` : render(entries));
process.exitCode = entries.some((e) => e.verdict === "fail") ? 1 : 0;
