import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironment } from "../src/config/env-file.js";
import { readSettings } from "../src/config/settings.js";
import { projectRoot } from "../src/contract/paths.js";
import { describeFailure } from "../src/errors.js";

/**
 * npm run report: the Allure 3 HTML report of the last run, under reports/allure-report, offline. Allure
 * embeds a Google Analytics tag in every report whatever the settings; it is stripped, so opening a report
 * sends nothing anywhere.
 */
let reports: string;
try {
  reports = readSettings(loadEnvironment().env).reportsDir;
} catch (error) {
  const { line, exit } = describeFailure(error);
  process.stderr.write(`pc-contract report: ${line}\n`);
  process.exit(exit);
}
const results = join(reports, "allure-results");
const output = join(reports, "allure-report");
if (!existsSync(results) || readdirSync(results).length === 0) {
  process.stderr.write(`pc-contract report: ${results} holds no results: run npx vitest run first\n`);
  process.exit(2);
}
rmSync(output, { recursive: true, force: true });
const generated = spawnSync("npx", ["allure", "generate", results, "-o", output, "--config", join(projectRoot, "allurerc.mjs")], {
  cwd: projectRoot,
  stdio: "inherit",
});
if (generated.status !== 0) process.exit(generated.status ?? 1);

const ANALYTICS = [/<script[^>]*src="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*><\/script>\s*/g, /<script>\s*window\.dataLayer[\s\S]*?<\/script>\s*/g];
let stripped = 0;
for (const file of readdirSync(output).filter((f) => f.endsWith(".html"))) {
  const path = join(output, file);
  const html = readFileSync(path, "utf8");
  const clean = ANALYTICS.reduce((text, pattern) => text.replace(pattern, () => (stripped++, "")), html);
  if (/googletagmanager|gtag\(/.test(clean)) {
    process.stderr.write(`pc-contract report: ${path} still holds an analytics tag after stripping\n`);
    process.exit(1);
  }
  writeFileSync(path, clean);
}
process.stdout.write(`pc-contract report: ${join(output, "index.html")} (${stripped} analytics tags stripped)\n`);
