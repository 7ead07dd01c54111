import { parseArgs } from "node:util";
import { HarError } from "../har/read-har.js";
import { checkHar, type CheckedEntry } from "../offline/check-har.js";
import { EXIT } from "../suite/exit-codes.js";

const USAGE = `usage: pc-contract check <file.har | folder> [--api core|referrals] [--json]

Runs the contract checks on every response recorded in HAR 1.2 files (browser, Fiddler, mitmproxy, PC_RECORD).
The API comes from the URL (Referrals path, core /v1/ path), else from the body; --api overrides. Token-endpoint
errors are judged as OAuth errors (RFC 6749 §5.2). 2xx responses are skipped. Exit 1 when an entry fails.`;

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
