import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../src/cli/main.js";
import { projectRoot } from "../src/contract/paths.js";
import { applyBaseline, readBaseline } from "../src/gating/baseline.js";
import { HAR_LIMITS, readHar } from "../src/har/read-har.js";
import { spawnMock } from "../src/mock/spawn-mock.js";
import { formatOutcome } from "../src/report/format-outcome.js";
import { MIN_FREE_BYTES } from "../src/report/run-files.js";
import { printable } from "../src/transport/printable.js";
import { probes } from "../suites/probes/index.js";
import { exchange } from "./helpers/exchange.js";
import { cleanEnv } from "./helpers/clean-env.js";
import { runChild } from "./helpers/run-child.js";

const ESC = "\u001b";
/** A HAR entry as the tests below mangle it. */
type Har = { request: Record<string, unknown>; response: { headers: unknown; content: Record<string, unknown> } & Record<string, unknown> } & Record<
  string,
  unknown
>;
const vitestBin = join(projectRoot, "node_modules", "vitest", "vitest.mjs");

/** `vitest run` of the project from another folder (so its .env and its reports are that folder's own). */
function runFrom(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return runChild(process.execPath, [vitestBin, "run", "--root", projectRoot, "--config", join(projectRoot, "vitest.config.ts"), ...args], {
    cwd,
    env: cleanEnv(env),
  });
}

const files = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(folder, e.name)) : [join(folder, e.name)]));

describe("secrets never leave the process", () => {
  test("a password in PC_BASE_URL is dropped with a notice, and appears in no report and nowhere on the console", async () => {
    const mock = await spawnMock(["--static-token", "static-token-for-userinfo"], cleanEnv());
    try {
      const dir = mkdtempSync(join(tmpdir(), "pc-userinfo-"));
      const url = new URL(mock.url);
      const withPassword = `http://ops:p4ssw0rd-in-url@${url.host}`;
      const run = await runFrom(dir, ["suites/auth.test.ts"], { PC_BASE_URL: withPassword, PC_TOKEN: "static-token-for-userinfo", PC_RATE_LIMIT: "500" });
      expect(run.output).toContain("notice: PC_BASE_URL carried user info, which is dropped");
      expect(run.output).not.toContain("p4ssw0rd-in-url");
      const written = files(join(dir, "reports"));
      expect(written.some((f) => f.endsWith("environment.properties"))).toBe(true);
      for (const file of written) expect(readFileSync(file, "utf8"), file).not.toContain("p4ssw0rd-in-url");
    } finally {
      mock.stop();
    }
  });

  test("a malformed .env line is named by file and line, its content never echoed: one line, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-dotenv-"));
    writeFileSync(join(dir, ".env"), "PC_STRICT=1\nPC_CLIENT_SECRET s3cret-on-a-bad-line\n");
    const run = await runFrom(dir, ["suites/auth.test.ts"]);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/^pc-contract: configuration error: \.env:2: expected KEY=VALUE/m);
    expect(run.output).not.toContain("s3cret-on-a-bad-line");
    const cli = spawnSync(process.execPath, [join(projectRoot, "bin", "pc-contract.mjs"), "rules"], { cwd: dir, env: cleanEnv(), encoding: "utf8" });
    expect([cli.status, cli.stderr.trim().split("\n")]).toEqual([2, [expect.stringMatching(/^pc-contract: configuration error: \.env:2:/)]]);
  });

  test(".env: quotes and comments as Node's parser reads them; a key given twice is a notice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-dotenv-"));
    writeFileSync(join(dir, ".env"), 'PC_SEED="222" # the seed\nPC_STRICT=0\nPC_STRICT=0\n');
    const run = await runFrom(dir, ["suites/auth.test.ts"]);
    expect(run.code, run.output.slice(-2000)).toBe(0);
    expect(run.output).toContain("seed 222 ");
    expect(run.output).toContain("notice: .env:3: PC_STRICT is set again (first on line 2)");
  });
});

describe("the console shows target text, never obeys it", () => {
  test("control sequences, bidi overrides and NUL from a hostile body and headers reach a failure message only escaped", () => {
    const hostile = `{"code":"800002","description":"${ESC}[2J${ESC}]8;;http://evil.test${ESC}\\\\PASS\\u202e","data":[],"source":"x"}\u0000\b`;
    const ex = exchange({ status: 418, raw: hostile, headers: { "Content-Type": "application/json", "MS-CV": `cv${ESC}[1A` } });
    const probe = probes.find((p) => p.id === "customers.list/no-auth")!;
    const message = formatOutcome(
      { kind: "checked", probe, exchange: ex, body: { kind: "not-json", bom: false, shape: "not-json" }, attempts: 1, waits: 0, findings: [] },
      [{ check: "status", rule: "status/undocumented", severity: "violation", title: `wrong ${ESC}[31mred`, expected: "401", received: "418", path: "status" }],
    );
    expect(message).not.toContain(ESC);
    for (const c of ["\u0000", "\u0008", "\u202e"]) expect(message).not.toContain(c);
    expect(message).toContain("\\x1b[2J");
    expect(message).toContain("\\x1b[1A");
    expect(printable("\u202e")).toBe("\\u202e");
  });

  test("pc-contract check: an escape sequence in a HAR's URL or method cannot repaint a line", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "pc-hostile-har-")), "evil.har");
    const entry = {
      startedDateTime: "2026-12-02T00:00:00.000Z",
      time: 1,
      request: {
        method: `GET${ESC}[2K\rPASS`,
        url: `https://api.partnercenter.microsoft.com/v1/customers?x=${ESC}[1A`,
        httpVersion: "HTTP/1.1",
        headers: [],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 400,
        statusText: "",
        httpVersion: "HTTP/1.1",
        headers: [],
        cookies: [],
        content: { size: 0, mimeType: "", text: "" },
        redirectURL: "",
        headersSize: -1,
        bodySize: 0,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    };
    writeFileSync(file, JSON.stringify({ log: { version: "1.2", creator: { name: "t", version: "1" }, entries: [entry] } }));
    let out = "";
    await main(["check", file], {}, { out: (t) => void (out += t), err: (t) => void (out += t) });
    expect(out).not.toContain(ESC);
    expect(out).not.toContain("\r");
    expect(out).toMatch(/^FAIL +#0 GET\\x1b\[2K\\x0dPASS /m);
  });
});

describe("every harness fault is one line and exit 2", () => {
  test("a file where the reports folder should be", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-reports-file-"));
    writeFileSync(join(dir, "reports"), "not a folder");
    const run = await runFrom(dir, ["suites/auth.test.ts"]);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/^pc-contract: report error: the reports folder reports is a file/m);
  });

  test.each([
    ["null", /baseline\.json: entries: is not an array/],
    ['{"entries":[null]}', /entries\[0\]: must be an object, got null/],
    [
      '{"entries":[{"probe":"x","rule":"status/wrong","severity":"violation","reason":"r","owner":5,"expires":"2026-12-31"}]}',
      /entries\[0\]\.owner: must be a string, got number/,
    ],
    [
      '{"entries":[{"probe":"x","rule":"status/wrong","severity":"violation","reason":"r","owner":"o","expires":"2026-02-31"}]}',
      /entries\[0\]\.expires: "2026-02-31" is not a day of the calendar/,
    ],
    [
      '{"entries":[{"probe":"*","rule":"status/wrong","severity":"violation","reason":"r","owner":"o","expires":"9999-12-31"}]}',
      /entries\[0\]\.expires: 9999-12-31 is more than 366 days away/,
    ],
  ])("a baseline of %s", async (content, message) => {
    const dir = mkdtempSync(join(tmpdir(), "pc-bad-baseline-"));
    writeFileSync(join(dir, "baseline.json"), content);
    const run = await runFrom(dir, ["suites/auth.test.ts"]);
    expect(run.code).toBe(2);
    const lines = run.output.split("\n").filter((l) => l.startsWith("pc-contract:"));
    expect(lines).toEqual([expect.stringMatching(/^pc-contract: baseline error: /)]);
    expect(lines[0]).toMatch(message);
  });

  test.each([
    ["a header that is null", (e: Har) => (e.response.headers = [null]), /log\.entries\[0\]\.response\.headers\[0\]: must be an object, got null/],
    ["a javascript: URL", (e: Har) => (e.request.url = "javascript:alert(1)"), /log\.entries\[0\]\.request\.url: is a javascript: URL, not http\(s\)/],
    ["a numeric body text", (e: Har) => (e.response.content.text = 42), /log\.entries\[0\]\.response\.content\.text: must be a string, got number/],
    ["base64 that is not", (e: Har) => (e.response.content = { text: "not base64!", encoding: "base64" }), /response\.content\.text: is not base64/],
    [
      "an encoding HAR does not know",
      (e: Har) => (e.response.content = { text: "x", encoding: "gzip" }),
      /response\.content\.encoding: "gzip" is not an encoding HAR 1\.2 knows/,
    ],
    [
      "a negative repeat count",
      (e: Har) => (e.request.postData = { mimeType: "x", text: "", _pcRepeat: { byte: 97, count: -1 } }),
      /_pcRepeat\.count: must be a whole number from 0 to/,
    ],
    [
      "a repeat count of 2 000 000 000",
      (e: Har) => (e.request.postData = { mimeType: "x", text: "", _pcRepeat: { byte: 97, count: 2_000_000_000 } }),
      new RegExp(`_pcRepeat\\.count: must be a whole number from 0 to ${HAR_LIMITS.repeatedBody}`),
    ],
  ])("a HAR entry with %s is refused naming the entry and field, before anything is allocated", async (_, change, message) => {
    const entry: Har = {
      startedDateTime: "2026-12-02T00:00:00.000Z",
      time: 1,
      request: { method: "GET", url: "https://api.partnercenter.microsoft.com/v1/customers", headers: [], queryString: [], cookies: [] },
      response: { status: 400, headers: [], content: { text: "{}" } },
    };
    change(entry);
    const file = join(mkdtempSync(join(tmpdir(), "pc-bad-har-")), "bad.har");
    writeFileSync(file, JSON.stringify({ log: { entries: [entry] } }));
    expect(() => readHar(file)).toThrow(message);
    let err = "";
    const code = await main(["check", file], {}, { out: () => undefined, err: (t) => void (err += t) });
    expect([code, err.trim().split("\n").length]).toEqual([2, 1]);
  });
});

describe("bounded by design", () => {
  test("a baseline of a million entries is read and applied without a RegExp per entry per finding", () => {
    const file = join(mkdtempSync(join(tmpdir(), "pc-big-baseline-")), "baseline.json");
    const expires = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const entries = Array.from({ length: 1_000_000 }, (_, i) => ({
      probe: `case/${i}`,
      rule: "envelope/numeric-code",
      severity: "deviation",
      reason: "r",
      owner: "o",
      expires,
    }));
    entries.push({ probe: "customers.*", rule: "status/wrong", severity: "violation", reason: "r", owner: "o", expires });
    writeFileSync(file, JSON.stringify({ entries }));
    const baseline = readBaseline(file);
    const finding = (rule: string) => ({
      check: rule.split("/")[0]!,
      rule,
      severity: "deviation" as const,
      title: "t",
      expected: "e",
      received: "r",
      path: "/",
    });
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) accepted += applyBaseline(`case/${i * 37}`, [finding("envelope/numeric-code")], baseline, "2026-12-02").accepted.length;
    expect(accepted).toBe(20_000);
    expect(applyBaseline("customers.get/x", [{ ...finding("status/wrong"), severity: "violation" }], baseline, "2026-12-02").accepted).toHaveLength(1);
  });
});

describe("one run per reports folder", () => {
  test("a run finds the folder held by a live run and stops with one line naming it; a dead holder's lock is taken over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-locked-"));
    mkdirSync(join(dir, "reports"));
    writeFileSync(join(dir, "reports", ".pc-contract.lock"), JSON.stringify({ pid: process.pid, startedAt: "2026-12-02T10:00:00.000Z" }));
    const refused = await runFrom(dir, ["suites/auth.test.ts"]);
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(
      new RegExp(
        `^pc-contract: report error: the reports folder reports is in use by the run of process ${process.pid} \\(started 2026-12-02T10:00:00\\.000Z\\)`,
        "m",
      ),
    );
    writeFileSync(join(dir, "reports", ".pc-contract.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: "2020-01-01T00:00:00.000Z" }));
    const taken = await runFrom(dir, ["suites/auth.test.ts"]);
    expect(taken.code, taken.output.slice(-1500)).toBe(0);
    expect(existsSync(join(dir, "reports", ".pc-contract.lock"))).toBe(false);
  });

  /**
   * Racers that each call lockReports at one agreed moment (test/helpers/take-lock.ts), several folders at once; per
   * folder, what each racer said. A lock created empty and written after let a racer read it empty, take it for a
   * dead run's, and run beside its holder (about one race in ten, in the clean-clone CI of 2026-12-08).
   */
  async function race(folders: string[], racers: number): Promise<string[][]> {
    const startAt = Date.now() + 3_000;
    const helper = join(projectRoot, "test", "helpers", "take-lock.ts");
    return Promise.all(
      folders.map((folder) =>
        Promise.all(
          Array.from({ length: racers }, () =>
            runChild(process.execPath, ["--import", "tsx", helper, folder, String(startAt), "1500"], { cwd: projectRoot, env: cleanEnv() }).then(
              (r) => r.output,
            ),
          ),
        ),
      ),
    );
  }

  test("racers for one folder: exactly one takes it, a live one or a dead run's lock alike", async () => {
    const fresh = Array.from({ length: 4 }, () => mkdtempSync(join(tmpdir(), "pc-race-")));
    const dead = Array.from({ length: 3 }, () => {
      const folder = mkdtempSync(join(tmpdir(), "pc-race-dead-"));
      writeFileSync(join(folder, ".pc-contract.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: "2020-01-01T00:00:00.000Z" }));
      return folder;
    });
    const said = await race([...fresh, ...dead], 5);
    for (const outputs of said) {
      expect(
        outputs.filter((o) => o.startsWith("took")),
        outputs.join(""),
      ).toHaveLength(1);
      expect(outputs.filter((o) => /^refused: the reports folder .* is in use by the run of process \d+/.test(o))).toHaveLength(4);
    }
    // Each folder given back, nothing of the race left behind.
    for (const folder of [...fresh, ...dead]) expect(readdirSync(folder)).toEqual([]);
  });

  test("two runs started together into one folder: one runs, the other stops at once, and the results are one run's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-two-runs-"));
    const [a, b] = await Promise.all([runFrom(dir, ["suites/auth.test.ts"]), runFrom(dir, ["suites/auth.test.ts"])]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect([a, b].find((r) => r.code === 2)!.output).toMatch(/is in use by the run of process \d+/);
    const results = readdirSync(join(dir, "reports", "allure-results")).filter((f) => f.endsWith("-result.json"));
    expect(results).toHaveLength(probes.filter((p) => p.area === "auth").length);
  });
});

describe("a reports folder on a full filesystem", () => {
  /** A tmpfs of `megabytes` at a fresh mount point (root can mount here; CI runs as root). */
  function tmpfs(megabytes: number): { dir: string; unmount(): void } {
    const dir = mkdtempSync(join(tmpdir(), "pc-full-"));
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], { encoding: "utf8" });
    if (mount.status !== 0) throw new Error(`this test mounts a small tmpfs and needs root: ${mount.stderr.trim()}`);
    return { dir, unmount: () => void spawnSync("umount", [dir]) };
  }

  test("too little room to start: one line and exit 2, before any case", async () => {
    const fs = tmpfs(1);
    try {
      const run = await runFrom(mkdtempSync(join(tmpdir(), "pc-cwd-")), ["suites/auth.test.ts"], { PC_REPORTS_DIR: fs.dir });
      expect(run.code).toBe(2);
      expect(run.output).toMatch(new RegExp(`^pc-contract: report error: the reports folder .* has \\d+ bytes free; a run needs ${MIN_FREE_BYTES}`, "m"));
    } finally {
      fs.unmount();
    }
  });

  test("the disk filling up during the run: exit 2 with one line, and no half-written report left", async () => {
    const fs = tmpfs(Math.ceil(MIN_FREE_BYTES / 1024 / 1024) + 4);
    try {
      const child = spawn(process.execPath, [vitestBin, "run", "--root", projectRoot, "--config", join(projectRoot, "vitest.config.ts")], {
        cwd: projectRoot,
        env: cleanEnv({ PC_REPORTS_DIR: fs.dir }),
      });
      let output = "";
      const filled = new Promise<void>((resolve) => {
        const onData = (d: Buffer) => {
          output += d;
          if (output.includes("pc-contract: target")) {
            // Take every byte left once the run has started.
            spawnSync("dd", ["if=/dev/zero", `of=${join(fs.dir, "filler")}`, "bs=1M", "count=1024"]);
            resolve();
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
      });
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      await filled;
      expect(code, output.slice(-2000)).toBe(2);
      expect(output.split("\n").filter((l) => l.startsWith("pc-contract: report error"))).toEqual([
        expect.stringMatching(/no space left on device.*this run's reports are removed$/),
      ]);
      expect(readdirSync(fs.dir).sort()).toEqual(["filler"]);
    } finally {
      fs.unmount();
    }
  });
});
