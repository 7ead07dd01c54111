import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../src/contract/paths.js";
import { ConfigError } from "../src/errors.js";
import { enumerateCases } from "../src/generate/build-cases.js";
import type { StoredCase } from "../src/report/sarif.js";
import { mergeProgress, readProgress, type ProgressFile } from "../src/report/progress.js";
import { spawnMock, type SpawnedMock } from "../src/mock/spawn-mock.js";
import { MOCK_STATS_PATH } from "../src/mock/server.js";
import { cleanEnv } from "./helpers/clean-env.js";
import { runChild } from "./helpers/run-child.js";

const secret = "sandbox-test-client-secret";
const refresh = "sandbox-test-refresh-token";

const vitest = (env: Record<string, string>, args: string[] = []) => runChild("npx", ["vitest", "run", ...args], { cwd: projectRoot, env: cleanEnv(env) });

/** The settings a lookalike mock prints for reaching it under Partner Center's host names. */
function lookalikeSettings(mock: SpawnedMock): Record<string, string> {
  const lines = mock.banner.slice(mock.banner.indexOf("under Partner Center's host names")).split("\n");
  const settings = Object.fromEntries(lines.map((l) => /^\s+(PC_[A-Z_]+)=(\S+)$/.exec(l)).flatMap((m) => (m && !m[2]!.includes("…") ? [[m[1]!, m[2]!]] : [])));
  return { ...settings, PC_CLIENT_SECRET: secret, PC_REFRESH_TOKEN: refresh, PC_RATE_LIMIT: "1000" };
}

const stats = async (mock: SpawnedMock) => ((await (await fetch(`${mock.url}${MOCK_STATS_PATH}`)).json()) as { resources: Record<string, number> }).resources;

const unescape = (xml: string) => xml.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e]!);

/** Each <testcase> of a JUnit file, by its case id (the name after the suite's "api · area > "), with its <skipped message>. */
function junitCases(file: string): { name: string; skipped?: string; failed: boolean }[] {
  return [...readFileSync(file, "utf8").matchAll(/<testcase[^>]*name="([^"]+)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({
    name: unescape(m[1]!).split(" > ").pop()!,
    ...(/<skipped/.test(m[2] ?? "") ? { skipped: unescape(/<skipped message="([^"]*)"/.exec(m[2]!)?.[1] ?? "") } : {}),
    failed: /<failure/.test(m[2] ?? ""),
  }));
}

const record = (id: string, over: Partial<StoredCase> = {}): StoredCase => ({
  id,
  api: "core",
  expected: [400],
  codes: [],
  outcome: "checked",
  findings: [],
  file: "f",
  ...over,
});

describe("progress of a run, for resuming it", () => {
  test("done are the judged cases and the skips no later run changes; left the budget's, the unavailable ones and those never reached", () => {
    const previous: ProgressFile = {
      pcContract: "progress",
      version: "0",
      seed: 1,
      fuzzRuns: 0,
      target: "t",
      parts: [],
      done: [record("a")],
      left: ["b", "c", "z"],
    };
    const { done, left } = mergeProgress(
      previous,
      [
        record("b"),
        record("c", { outcome: "skipped", deferred: true }),
        record("d", { outcome: "skipped", reason: "a write" }),
        record("e", { outcome: "unavailable" }),
      ],
      ["f"],
    );
    expect(done.map((r) => r.id)).toEqual(["a", "b", "d"]);
    // z: an earlier leftover this run did not collect (it was narrowed) stays left.
    expect(left.sort()).toEqual(["c", "e", "f", "z"]);
  });

  test("a progress file that is not one is one line naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-progress-"));
    writeFileSync(join(dir, "p.json"), JSON.stringify({ pcContract: "progress", seed: 1 }));
    expect(() => readProgress(join(dir, "p.json"))).toThrow(ConfigError);
    expect(() => readProgress(join(dir, "p.json"))).toThrow(/is not a progress file of pc-contract/);
    expect(() => readProgress(join(dir, "none.json"))).toThrow(/no such file/);
  });
});

describe("a budgeted run, resumed", () => {
  test("cut by PC_MAX_REQUESTS, then resumed with PC_RESUME: exactly the remaining cases run, and the matrix is one uninterrupted run's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-resume-"));
    const [whole, first] = await Promise.all([
      vitest({ PC_SEED: "11", PC_REPORTS_DIR: join(dir, "whole") }),
      vitest({ PC_SEED: "11", PC_MAX_REQUESTS: "120", PC_REPORTS_DIR: join(dir, "parts") }),
    ]);
    expect(whole.code, whole.output.slice(-2000)).toBe(0);
    expect(first.code, first.output.slice(-2000)).toBe(0);
    expect(first.output).toMatch(/plan: the budget \(PC_MAX_REQUESTS=120\) covers (\d+) of (\d+) cases to run, chosen coverage-first/);
    const progressFile = join(dir, "parts", "progress.json");
    const afterFirst = readProgress(progressFile);
    const firstCases = junitCases(join(dir, "parts", "junit.xml"));
    const deferred = firstCases.filter((c) => c.skipped?.startsWith("left for a later run"));
    expect(deferred.length).toBeGreaterThan(0);
    expect(afterFirst.left.sort()).toEqual(deferred.map((c) => c.name).sort());

    const second = await vitest({ PC_RESUME: progressFile, PC_REPORTS_DIR: join(dir, "parts") });
    expect(second.code, second.output.slice(-2000)).toBe(0);
    expect(second.output).toContain(
      `resuming ${progressFile}: ${afterFirst.done.length} cases done in 1 parts before, ${afterFirst.left.length} left; seed 11`,
    );
    expect(second.output).toContain("the suite is complete");
    // Exactly what the first part left ran; the rest is skipped as done.
    const secondCases = junitCases(join(dir, "parts", "junit.xml"));
    expect(
      secondCases
        .filter((c) => !c.skipped)
        .map((c) => c.name)
        .sort(),
    ).toEqual(afterFirst.left.sort());
    expect(secondCases.filter((c) => c.skipped).every((c) => c.skipped!.startsWith("done in an earlier part"))).toBe(true);
    const matrix = (part: string) => readFileSync(join(dir, part, "conformance.json"), "utf8");
    expect(matrix("parts")).toBe(matrix("whole"));
    expect(readProgress(progressFile)).toMatchObject({ left: [], parts: [{}, {}] });

    // The seed stays the progress file's: another one is refused, in one line.
    const other = await vitest({ PC_RESUME: progressFile, PC_SEED: "12", PC_REPORTS_DIR: join(dir, "parts") });
    expect(other.code).toBe(2);
    expect(other.output).toMatch(/^pc-contract: configuration error: PC_SEED=12 differs from the seed 11 of .*progress\.json/m);
  });
});

describe("the whole suite against a sandbox-shaped target", () => {
  test("without the confirmation pair, writes are refused on Partner Center's host names, saying how to opt in; the plan counts skips by reason", async () => {
    const mock = await spawnMock(["--lookalike", "--client-secret", secret, "--refresh-token", refresh], cleanEnv());
    try {
      const env = lookalikeSettings(mock);
      expect(env.PC_BASE_URL).toMatch(/^http:\/\/api\.partnercenter\.microsoft\.com:\d+$/);
      const refused = await vitest({ ...env, PC_ALLOW_WRITES: "1", PC_REPORTS_DIR: mkdtempSync(join(tmpdir(), "pc-sandbox-")) });
      expect(refused.code).toBe(2);
      expect(refused.output).toMatch(/PC_ALLOW_WRITES=1 is refused for PC_BASE_URL=http:\/\/api\.partnercenter\.microsoft\.com:\d+: a production host/);
      const reports = mkdtempSync(join(tmpdir(), "pc-sandbox-"));
      const run = await vitest({ ...env, PC_REPORTS_DIR: reports });
      expect(run.code, run.output.slice(-2000)).toBe(0);
      expect(run.output).toContain("writes: off; cases that change state when accepted are skipped (PC_ALLOW_WRITES=sandbox with PC_SANDBOX_TENANT_ID");
      const plan = /plan: (\d+) cases in the suite \(.*\); (\d+) to run, (\d+) to skip: (.*); about/.exec(run.output);
      expect(plan).not.toBeNull();
      const reasons = [...plan![4]!.matchAll(/(\d+) × ([^;]+)/g)].map((m) => [m[2], Number(m[1])] as const);
      expect(Object.fromEntries(reasons)).toMatchObject({
        "a write (it changes state when accepted)": expect.any(Number),
        "mock-only probe": expect.any(Number),
      });
      expect(Number(plan![2]) + reasons.reduce((n, [, c]) => n + c, 0)).toBe(Number(plan![1]));
      const cases = junitCases(join(reports, "junit.xml"));
      expect(cases.length).toBe(Number(plan![1]));
      expect(cases.filter((c) => c.skipped?.startsWith("a write")).length).toBe(Object.fromEntries(reasons)["a write (it changes state when accepted)"]);
      expect(cases.find((c) => c.skipped?.startsWith("a write"))?.skipped).toContain("PC_ALLOW_WRITES=sandbox with PC_SANDBOX_TENANT_ID");
      // Safe by default: at most 30 % of the generated cases need writes, and the run says how many need none.
      const generated = new Set(enumerateCases(1).map((c) => c.id));
      const skippedGenerated = cases.filter((c) => generated.has(c.name) && c.skipped).length;
      expect(skippedGenerated / generated.size).toBeLessThanOrEqual(0.3);
      expect(run.output).toMatch(new RegExp(`plan: ${generated.size - skippedGenerated} of ${generated.size} generated cases need no write permission`));
      expect(run.output).toContain(`${generated.size - skippedGenerated} of ${generated.size} generated cases need no write permission`);
    } finally {
      mock.stop();
    }
  });

  test("with the pair, every generated case runs; what a lenient sandbox created is removed and created.json is empty; no rejected write changed anything", async () => {
    const mock = await spawnMock(["--lookalike", "--defect", "lenient-writes", "--client-secret", secret, "--refresh-token", refresh], cleanEnv());
    try {
      const env = lookalikeSettings(mock);
      const before = await stats(mock);
      const reports = mkdtempSync(join(tmpdir(), "pc-sandbox-"));
      const run = await vitest({ ...env, PC_ALLOW_WRITES: "sandbox", PC_SANDBOX_TENANT_ID: env.PC_TENANT_ID!, PC_REPORTS_DIR: reports });
      expect(run.code, run.output.slice(-2000)).toBe(0);
      expect(run.output).toContain(`writes: ON, to the integration sandbox tenant ${env.PC_TENANT_ID}`);
      const cases = junitCases(join(reports, "junit.xml"));
      const generated = new Set(enumerateCases(1).map((c) => c.id));
      const ran = cases.filter((c) => generated.has(c.name));
      expect(ran.length).toBe(generated.size);
      expect(ran.filter((c) => c.skipped)).toEqual([]);
      // The lenient service created customers, users, referrals and carts; the run removed or closed what it could, and carts expire.
      const ledger = JSON.parse(readFileSync(join(reports, "created.json"), "utf8")) as {
        created: number;
        removed: number;
        left: unknown[];
        expire: unknown[];
      };
      expect(ledger.created).toBeGreaterThan(0);
      expect(ledger.left).toEqual([]);
      expect(ledger.removed + ledger.expire.length).toBe(ledger.created);
      expect(await stats(mock)).toEqual(before);
      const findings = readFileSync(join(reports, "findings.json"), "utf8");
      expect(findings).not.toContain("state/changed-by-rejected-write");
    } finally {
      mock.stop();
    }
  });

  test("a sandbox that applies a write it rejects fails the run on the changed resource, naming it", async () => {
    const mock = await spawnMock(["--lookalike", "--defect", "applies-rejected-write", "--client-secret", secret, "--refresh-token", refresh], cleanEnv());
    try {
      const env = lookalikeSettings(mock);
      const reports = mkdtempSync(join(tmpdir(), "pc-sandbox-"));
      const run = await vitest({ ...env, PC_ALLOW_WRITES: "sandbox", PC_SANDBOX_TENANT_ID: env.PC_TENANT_ID!, PC_REPORTS_DIR: reports }, [
        "suites/generated.test.ts",
      ]);
      expect(run.code).toBe(1);
      expect(run.output).toMatch(
        /\[state\/changed-by-rejected-write\] the rejected write changed http:\/\/api\.partner\.microsoft\.com:\d+\/v1\.0\/engagements\/referrals\/[0-9a-f-]{36}/,
      );
      expect(run.output).toMatch(/received: \d+ items \(new: [0-9a-f-]{36}\)/);
      // What the rejected creates made anyway is in the ledger, and removed.
      expect(existsSync(join(reports, "created.json"))).toBe(true);
      const ledger = JSON.parse(readFileSync(join(reports, "created.json"), "utf8")) as { created: number; left: unknown[] };
      expect(ledger.created).toBeGreaterThan(0);
      expect(ledger.left).toEqual([]);
    } finally {
      mock.stop();
    }
  });
});
