import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { probes } from "../suites/probes/index.js";
import { cleanEnv } from "./helpers/clean-env.js";

/** The methods suite against a mock whose 405s lack Allow: the probes that expect a 405 fail, the others pass. */
const methods = probes.filter((p) => p.area === "methods");
const failing = methods.filter((p) => p.expect.status.length === 1 && p.expect.status[0] === 405).length;
const expectedStats = { total: methods.length, failed: failing, passed: methods.length - failing };

const CHROMIUM = "/usr/bin/chromium";
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".json": "application/json",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};

/** The generated report served from loopback, as a person would open it, in Debian's headless Chromium. */
describe("the HTML report in a real browser", () => {
  let server: Server;
  let browser: Browser;
  let url: string;
  let singleFile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
    const reports = mkdtempSync(join(tmpdir(), "pc-browser-"));
    spawnSync("npx", ["vitest", "run", "suites/methods.test.ts"], {
      cwd: projectRoot,
      env: cleanEnv({ PC_MOCK_DEFECTS: "allow-missing", PC_REPORTS_DIR: reports }),
    });
    const report = spawnSync("npm", ["run", "--silent", "report"], { cwd: projectRoot, env: cleanEnv({ PC_REPORTS_DIR: reports }), encoding: "utf8" });
    if (report.status !== 0) throw new Error(`npm run report failed: ${report.stderr}`);
    const root = join(reports, "allure-report", "awesome");
    singleFile = join(reports, "allure-report", "single-file", "index.html");
    server = createServer((req, res) => {
      let path = normalize(join(root, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
      if (!path.startsWith(root) || !existsSync(path)) return void res.writeHead(404).end();
      if (statSync(path).isDirectory()) path = join(path, "index.html");
      res.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  test("shows the run's counts and a failing case's evidence, and calls nothing outside", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on("request", (r) => void (r.url().startsWith(url) || r.url().startsWith("data:") || outside.push(r.url())));
    await page.goto(url);
    await page.getByText("Core API").first().waitFor({ timeout: 30_000 });
    const overview = await page.evaluate(() => document.body.innerText);
    expect(overview).toMatch(new RegExp(`Total\\s+${expectedStats.total}`));
    expect(overview).toMatch(new RegExp(`Failed\\s+${expectedStats.failed}`));
    expect(overview).toMatch(new RegExp(`Passed\\s+${expectedStats.passed}`));
    expect(overview).toMatch(/Referrals API/);

    await page.getByText("offers.delete/method-not-allowed", { exact: true }).last().click();
    await page.getByText("reproduce", { exact: true }).first().waitFor({ timeout: 30_000 });
    const detail = await page.evaluate(() => document.body.innerText);
    for (const attachment of [/\brequest\b/, /response 405, \d+ bytes/, /\bfindings\b/, /\breproduce\b/]) expect(detail).toMatch(attachment);
    expect(detail).toContain("[allow/missing] a 405 without Allow");
    expect(detail).toContain("Partner Center REST error codes");
    expect(outside).toEqual([]);
  });

  test("the single-file report opens from disk (file://), with no server, and shows the same run", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on("request", (r) => void (r.url().startsWith("file://") || r.url().startsWith("data:") || outside.push(r.url())));
    await page.goto(pathToFileURL(singleFile).href);
    await page.getByText("Core API").first().waitFor({ timeout: 30_000 });
    const overview = await page.evaluate(() => document.body.innerText);
    expect(overview).toMatch(new RegExp(`Total\\s+${expectedStats.total}`));
    expect(overview).toMatch(new RegExp(`Failed\\s+${expectedStats.failed}`));
    await page.getByText("offers.delete/method-not-allowed", { exact: true }).last().click();
    await page.getByText("reproduce", { exact: true }).first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.body.innerText)).toContain("[allow/missing] a 405 without Allow");
    expect(outside).toEqual([]);
  });
});
