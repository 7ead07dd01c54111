import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { suiteInvocation } from "../src/cli/run.js";
import { projectRoot } from "../src/contract/paths.js";
import { UsageError } from "../src/errors.js";
import { cleanEnv } from "./helpers/clean-env.js";
import { runChild } from "./helpers/run-child.js";

const bin = join(projectRoot, "bin", "pc-contract.mjs");

/** The installed command, from a folder of the user's (its reports land there). */
function pcContract(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return runChild(process.execPath, [bin, ...args], { cwd, env: cleanEnv(env) });
}

const matrixOf = (dir: string) => JSON.parse(readFileSync(join(dir, "conformance.json"), "utf8")) as Record<string, unknown>;

describe("pc-contract run", () => {
  test("flags become the PC_* settings and vitest's filters", () => {
    const { args, env } = suiteInvocation([
      "--base-url",
      "https://api.partnercenter.microsoft.com",
      "--strict",
      "--area",
      "auth",
      "--area",
      "input",
      "--operation",
      "customers.get",
      "--check",
      "message",
      "--min-coverage",
      "80%",
      "--shard",
      "2/3",
      "--defect",
      "numeric-code",
    ]);
    expect(env).toEqual({
      PC_BASE_URL: "https://api.partnercenter.microsoft.com",
      PC_STRICT: "1",
      PC_CHECKS: "message",
      PC_MIN_COVERAGE: "80%",
      PC_MOCK_DEFECTS: "numeric-code",
    });
    expect(args).toEqual([
      "run",
      "--root",
      projectRoot,
      "--config",
      join(projectRoot, "vitest.config.ts"),
      "--shard=2/3",
      "suites/auth.test.ts",
      "suites/input.test.ts",
      "-t",
      "(^| )(customers\\.get)/",
    ]);
  });

  test.each([
    [["--area", "everything"], /--area everything: no such area; the areas are auth, /],
    [["--check", "vibes"], /--check vibes: no such check; the checks are /],
    [["--shard", "half"], /--shard half: write it as INDEX\/COUNT/],
    [["--operation", "a b"], /--operation a b: an operation is the first part of a case id/],
    [["--token", "secret"], /Unknown option '--token'/],
  ])("refuses %j with one line naming the flag", (argv, message) => {
    expect(() => suiteInvocation(argv)).toThrow(UsageError);
    expect(() => suiteInvocation(argv)).toThrow(message);
  });

  test("--check judges only the named checks' findings; the suite's exit follows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-cli-check-"));
    const all = await pcContract(dir, ["run", "--area", "auth", "--defect", "empty-message"]);
    expect(all.code, all.output.slice(-1500)).toBe(1);
    const narrowed = await pcContract(dir, ["run", "--area", "auth", "--defect", "empty-message", "--check", "status", "--check", "envelope"]);
    expect(narrowed.code, narrowed.output.slice(-1500)).toBe(0);
  });

  test("shards merged give the matrix of the whole run, one SARIF file and the Allure results of every case", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-cli-shards-"));
    const flags = ["--area", "auth", "--area", "methods", "--defect", "allow-missing", "--seed", "7"];
    const whole = await pcContract(dir, ["run", ...flags, "--reports", "whole"]);
    expect(whole.code).toBe(1);
    for (const shard of ["1/2", "2/2"]) await pcContract(dir, ["run", ...flags, "--shard", shard, "--reports", `shard-${shard[0]}`]);
    const merged = await pcContract(dir, ["merge", "shard-1", "shard-2", "--out", "merged"]);
    expect(merged.code, merged.output).toBe(0);
    expect(merged.output).toMatch(/^merged 2 shards, \d+ cases, into merged$/m);
    expect(matrixOf(join(dir, "merged"))).toEqual(matrixOf(join(dir, "whole")));
    const sarif = JSON.parse(readFileSync(join(dir, "merged", "conformance.sarif"), "utf8")) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; level: string; locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain("allow/missing");
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === "allow/missing")!;
    expect(result).toMatchObject({ level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: "suites/methods.test.ts" } } }] });
    const results = (d: string) => spawnSync("sh", ["-c", `ls ${d}/allure-results | grep -c -- -result.json`], { encoding: "utf8" }).stdout.trim();
    expect(results(join(dir, "merged"))).toBe(results(join(dir, "whole")));
    expect(existsSync(join(dir, "merged", "junit", "shard-1.xml"))).toBe(true);
  });
});

describe("the package", () => {
  test("npm pack installs into an empty folder, where npx pc-contract run passes against the bundled mock and writes its reports there", async () => {
    const work = mkdtempSync(join(tmpdir(), "pc-pack-"));
    const packed = spawnSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: projectRoot, encoding: "utf8" });
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = join(work, packed.stdout.trim().split("\n").at(-1)!);
    const app = join(work, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
    const installed = spawnSync("npm", ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app, encoding: "utf8", env: cleanEnv() });
    expect(installed.status, installed.stderr.slice(-2000)).toBe(0);
    const run = spawnSync("npx", ["pc-contract", "run", "--area", "auth"], { cwd: app, encoding: "utf8", env: cleanEnv() });
    expect(run.status, (run.stdout + run.stderr).slice(-2000)).toBe(0);
    expect(run.stdout).toMatch(/Tests +\d+ passed/);
    expect(readFileSync(join(app, "reports", "junit.xml"), "utf8")).toContain('<testsuites name="pc-contract conformance"');
    expect(existsSync(join(app, "node_modules", "pc-contract", "reports"))).toBe(false);
  }, 240_000);
});
