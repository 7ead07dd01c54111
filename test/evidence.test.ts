import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../src/cli/main.js";
import { projectRoot } from "../src/contract/paths.js";
import type { HarEntry } from "../src/har/har.js";
import { checkEntry } from "../src/offline/check-har.js";

interface Evidence {
  id: string;
  api: string;
  request: { method: string; url: string };
  response: { status: number; headers: Record<string, string>; body?: unknown; bodyText?: string };
  expected: { verdict: "pass" | "deviation" | "fail"; rules: string[]; why: string };
}

const dir = join(projectRoot, "fixtures", "evidence");
const evidence = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Evidence);

/** The response as a HAR entry, saying which API it answers for (the status is not judged: no case expected one). */
function harEntry(e: Evidence): HarEntry {
  const text = e.response.bodyText ?? JSON.stringify(e.response.body);
  return {
    startedDateTime: "2026-12-02T00:00:00.000Z",
    time: 1,
    request: { method: e.request.method, url: e.request.url, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status: e.response.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: Object.entries(e.response.headers).map(([name, value]) => ({ name, value })),
      cookies: [],
      content: { size: text.length, mimeType: e.response.headers["Content-Type"] ?? "", text },
      redirectURL: "",
      headersSize: -1,
      bodySize: text.length,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    _pcApi: e.api,
  };
}

const rulesOf = (findings: { rule: string }[]) => [...new Set(findings.map((f) => f.rule))].sort();

describe("evidence from outside the project gets the verdict the documents give it", () => {
  test("the corpus holds real traffic and the pages' own examples, every entry with a verdict, rules and a reason", () => {
    expect(evidence.filter((e) => e.id.startsWith("real-")).length).toBeGreaterThanOrEqual(10);
    expect(evidence.filter((e) => e.id.startsWith("doc-")).length).toBeGreaterThanOrEqual(10);
    for (const e of evidence) expect(e.expected.why.length, e.id).toBeGreaterThan(10);
    // What the documents show is never a violation.
    expect(evidence.filter((e) => e.id.startsWith("doc-") && e.expected.verdict === "fail").map((e) => e.id)).toEqual([]);
  });

  test.each(evidence.map((e) => [e.id, e] as const))("%s", (_, e) => {
    const checked = checkEntry(harEntry(e), "evidence.har", 0, { today: "2026-12-02" });
    expect({ verdict: checked.verdict === "skip" ? "pass" : checked.verdict, rules: rulesOf(checked.findings) }).toEqual({
      verdict: e.expected.verdict,
      rules: [...e.expected.rules].sort(),
    });
  });

  test("the hygiene check finds nothing in real traffic or the pages' examples: what it looks for is not how Partner Center words errors", () => {
    const leaks = evidence.flatMap((e) => checkEntry(harEntry(e), "evidence.har", 0, { today: "2026-12-02" }).findings.filter((f) => f.check === "hygiene"));
    expect(leaks).toEqual([]);
  });

  test("pc-contract check over a HAR of the corpus agrees, entry by entry", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "pc-evidence-")), "evidence.har");
    writeFileSync(file, JSON.stringify({ log: { version: "1.2", creator: { name: "evidence", version: "1" }, entries: evidence.map(harEntry) } }));
    let out = "";
    const code = await main(["check", file, "--json"], {}, { out: (t) => void (out += t), err: () => undefined });
    const entries = (JSON.parse(out) as { entries: { verdict: string; findings: { rule: string }[] }[] }).entries;
    expect(entries.map((x) => [x.verdict === "skip" ? "pass" : x.verdict, rulesOf(x.findings)])).toEqual(
      evidence.map((e) => [e.expected.verdict, [...e.expected.rules].sort()]),
    );
    expect(code).toBe(evidence.some((e) => e.expected.verdict === "fail") ? 1 : 0);
  });
});
