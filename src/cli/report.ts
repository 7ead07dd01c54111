import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ReportError } from "../errors.js";
import { readRun } from "../report/run-files.js";
import { packageDir } from "./package-dir.js";

/** What the report's pages are grouped by: API (epic), contract area (feature) and probe (story), as the suite labels its cases. */
const AWESOME = { reportName: "pc-contract conformance", groupBy: ["epic", "feature", "story"] };

/** Allure embeds a Google Analytics tag in every report whatever the settings; it is stripped, so opening a report sends nothing. */
const ANALYTICS = [/<script[^>]*src="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*><\/script>\s*/g, /<script>\s*window\.dataLayer[\s\S]*?<\/script>\s*/g];

const htmlFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : name.endsWith(".html") ? [path] : [];
  });

export interface ReportFiles {
  /** The report to serve or publish: many files. */
  site: string;
  /** One HTML file with everything inside: opens from disk, attaches to a ticket. */
  singleFile: string;
  /** Allure's history, kept beside the report across runs. */
  history: string;
  notes: string[];
}

/**
 * The Allure 3 HTML report of the last run into <reports>/allure-report: the site (awesome/), a single-file
 * report that opens from disk with no server (single-file/index.html), and history kept in
 * <reports>/allure-history.jsonl across runs. Analytics stripped from every page.
 */
export function buildReport(reportsDir: string): ReportFiles {
  const reports = resolve(reportsDir);
  const results = join(reports, "allure-results");
  const output = join(reports, "allure-report");
  if (!existsSync(results) || readdirSync(results).filter((f) => f.endsWith("-result.json")).length === 0)
    throw new ReportError(`${results} holds no results: run npx pc-contract run (or npx vitest run) first`);
  const notes: string[] = [];
  const run = readRun(reports);
  if (run && run.state !== "complete") notes.push(`the last run (started ${run.startedAt}) is ${run.state}: the report shows what it wrote before it stopped`);
  const history = join(reports, "allure-history.jsonl");
  const config = join(reports, ".allurerc.generated.mjs");
  writeFileSync(
    config,
    `// Written by pc-contract report for this report; not to be edited.\nexport default ${JSON.stringify(
      {
        name: AWESOME.reportName,
        historyPath: history,
        plugins: {
          awesome: { options: AWESOME },
          "single-file": { import: "@allurereport/plugin-awesome", options: { ...AWESOME, singleFile: true } },
        },
      },
      null,
      2,
    )};\n`,
  );
  rmSync(output, { recursive: true, force: true });
  const allure = join(packageDir("allure"), "cli.js");
  const generated = spawnSync(process.execPath, [allure, "generate", results, "-o", output, "--config", config], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  rmSync(config, { force: true });
  if (generated.status !== 0)
    throw new ReportError(`allure generate failed (exit ${generated.status}): ${generated.stderr.trim().split("\n").slice(-3).join(" ")}`);
  let stripped = 0;
  for (const path of htmlFiles(output)) {
    const html = readFileSync(path, "utf8");
    const clean = ANALYTICS.reduce((text, pattern) => text.replace(pattern, () => (stripped++, "")), html);
    if (/googletagmanager|gtag\(/.test(clean)) throw new ReportError(`${path} still holds an analytics tag after stripping`);
    writeFileSync(path, clean);
  }
  notes.push(`${stripped} analytics tags stripped`);
  return { site: join(output, "awesome", "index.html"), singleFile: join(output, "single-file", "index.html"), history, notes };
}
