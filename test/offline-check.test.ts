import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../src/cli/main.js";
import { projectRoot } from "../src/contract/paths.js";
import type { HarEntry } from "../src/har/har.js";
import { cleanEnv } from "./helpers/clean-env.js";

type Raw = { url: string; status: number; headers?: Record<string, string>; text?: string; base64?: string; method?: string };

function entry({ url, status, headers = {}, text, base64, method = "GET" }: Raw): HarEntry {
  return {
    startedDateTime: "2026-11-22T10:00:00.000Z",
    time: 12,
    request: {
      method,
      url,
      httpVersion: "HTTP/1.1",
      headers: [{ name: "MS-CorrelationId", value: "c-1" }],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: [{ name: "MS-CorrelationId", value: "c-1" }, ...Object.entries(headers).map(([name, value]) => ({ name, value }))],
      cookies: [],
      content: {
        size: 0,
        mimeType: headers["Content-Type"] ?? "",
        ...(base64 !== undefined ? { text: base64, encoding: "base64" } : text !== undefined ? { text } : {}),
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 12, receive: 0 },
  };
}

const PC = "https://api.partnercenter.microsoft.com";
const REF = "https://api.partner.microsoft.com/v1.0/engagements/referrals";
const json = { "Content-Type": "application/json; charset=utf-8" };
const deep = `{"error":{"code":"invalidRequest","message":"bad","innerError":${'{"code":"99901","message":"m","innerError":'.repeat(100_000)}null${"}".repeat(100_000)}}}`;

const cases: [Raw, string][] = [
  [
    {
      url: `${PC}/v1/products/ZZZ?country=US`,
      status: 404,
      headers: json,
      text: JSON.stringify({ code: "400013", description: "Product wasn't found", data: [], source: "PartnerFD" }),
    },
    "pass",
  ],
  [
    {
      url: `${REF}?$top=abc`,
      status: 400,
      headers: { ...json, "Request-ID": "r-1" },
      text: JSON.stringify({ error: { code: "invalidRequest", message: "bad", innerError: { code: "99901", message: "m", details: null } } }),
    },
    "pass",
  ],
  [
    {
      url: `${PC}/v1/customers`,
      status: 400,
      headers: json,
      text: JSON.stringify({ code: 800002, description: "Invalid request input", data: [], source: "PartnerFD" }),
    },
    "deviation",
  ],
  [{ url: `${PC}/v1/customers`, status: 400, headers: json, text: JSON.stringify({ code: "800002", description: "", data: [], source: "PartnerFD" }) }, "fail"],
  [{ url: `${PC}/v1/customers`, status: 502, headers: { "Content-Type": "text/html" }, text: "<!DOCTYPE html><html><body>Bad gateway</body></html>" }, "fail"],
  // The Referrals edge's bodiless 401 without a challenge: known real traffic, deviations only.
  [{ url: REF, status: 401, headers: { "Request-ID": "r-2" }, text: "" }, "deviation"],
  [{ url: `${PC}/v1/customers?size=1`, status: 200, headers: json, text: '{"items":[]}' }, "skip"],
  [
    {
      url: "https://login.microsoftonline.com/t/oauth2/v2.0/token",
      method: "POST",
      status: 401,
      headers: json,
      text: JSON.stringify({ error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided.", error_codes: [7000215] }),
    },
    "pass",
  ],
  [
    {
      url: "https://login.microsoftonline.com/t/oauth2/v2.0/token",
      method: "POST",
      status: 400,
      headers: json,
      text: JSON.stringify({ message: "no error field" }),
    },
    "fail",
  ],
  [{ url: `${REF}/x`, status: 400, headers: json, text: deep }, "fail"],
  [{ url: `${PC}/v1/customers`, status: 400, headers: json, base64: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64") }, "fail"],
  // A browser capture holds third-party requests: another host is left out unless --host names it.
  [{ url: "https://gateway.contoso.test/whatever", status: 503, headers: json, text: '{"oops":true}' }, "skip"],
  [
    {
      url: `${PC}/v1/customers`,
      status: 429,
      headers: { ...json, "Retry-After": "57" },
      text: JSON.stringify({ statusCode: 429, message: "Rate limit is exceeded. Try again in 57 seconds." }),
    },
    "deviation",
  ],
  [
    {
      url: "https://login.microsoftonline.com/t/oauth2/v2.0/token",
      method: "POST",
      status: 400,
      headers: json,
      text: JSON.stringify({ error: "interaction_required", error_description: "AADSTS50076: MFA is required — café" }),
    },
    "deviation",
  ],
  // An error envelope inside a 200 (the table's 400072 row) is judged, not skipped.
  [
    {
      url: `${PC}/v1/customers/c/carts/x/checkout`,
      method: "POST",
      status: 200,
      headers: json,
      text: JSON.stringify({ code: 400072, description: "This item isn't available", data: [], source: "PartnerFD" }),
    },
    "deviation",
  ],
];

/** The CLI in-process: its exit code and what it wrote. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, cleanEnv(), { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}
const har = (entries: HarEntry[]) => JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, entries } });

describe("pc-contract check", () => {
  const dir = mkdtempSync(join(tmpdir(), "pc-check-"));
  const file = join(dir, "mixed.har");
  writeFileSync(file, har(cases.map(([raw]) => entry(raw))));

  test("the command, as installed, gives each entry its verdict, never crashing on hostile content, and exits 1", () => {
    const result = spawnSync("npx", ["pc-contract", "check", file, "--json"], {
      cwd: projectRoot,
      env: cleanEnv(),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.status, result.stderr).toBe(1);
    const out = JSON.parse(result.stdout) as {
      entries: {
        index: number;
        method: string;
        url: string;
        status: number;
        envelope: string;
        verdict: string;
        findings: { rule: string; check: string; severity: string; message: string; path: string }[];
      }[];
    };
    expect(out.entries.map((e) => [e.index, e.verdict])).toEqual(cases.map(([, verdict], i) => [i, verdict]));
    expect(out.entries[7]).toMatchObject({ method: "POST", status: 401, envelope: "oauth", findings: [] });
    expect(out.entries[8]!.findings[0]).toMatchObject({
      check: "envelope",
      severity: "violation",
      path: "/",
      message: expect.stringContaining("not the oauth API's error envelope"),
    });
    expect(out.entries[3]!.findings).toEqual([
      { rule: "message/empty", check: "message", severity: "violation", message: expect.stringContaining("/description is empty"), path: "/description" },
    ]);
    expect(out.entries[9]!.findings.map((f) => f.check)).toContain("inner-error");
    expect(out.entries[11]).toMatchObject({
      verdict: "skip",
      skipped: "gateway.contoso.test is no Partner Center host (--host gateway.contoso.test judges it)",
    });
    expect(out.entries[13]!.findings.map((f) => [f.rule, f.severity])).toEqual([
      ["envelope/non-ascii-description", "deviation"],
      ["code-status/unknown-code", "deviation"],
    ]);
  });

  test("--host judges the hosts named and leaves out the rest: a gateway's unknown envelope then fails", async () => {
    const result = await cli("check", file, "--json", "--host", "gateway.contoso.test");
    const entries = (JSON.parse(result.stdout) as { entries: { index: number; verdict: string; skipped?: string; findings: { rule: string }[] }[] }).entries;
    expect(entries[11]).toMatchObject({ verdict: "fail", findings: [{ rule: "envelope/api-unknown" }] });
    expect(entries.filter((e) => e.index !== 11).every((e) => e.verdict === "skip" && e.skipped?.includes("is not among --host gateway.contoso.test"))).toBe(
      true,
    );
    const wildcard = await cli("check", file, "--json", "--host", "*.contoso.test");
    expect((JSON.parse(wildcard.stdout) as { entries: { verdict: string }[] }).entries[11]!.verdict).toBe("fail");
    const text = await cli("check", file);
    expect(text.stdout).toMatch(
      /^SKIP +#11 GET https:\/\/gateway\.contoso\.test\/whatever → 503 \(not judged\) \(skipped: gateway\.contoso\.test is no Partner Center host/m,
    );
  });

  test("--api overrides the API the URL would give", async () => {
    const other = join(dir, "other.har");
    writeFileSync(
      other,
      har([
        entry({
          url: "https://gateway.contoso.test/x",
          status: 400,
          headers: json,
          text: JSON.stringify({ code: "800002", description: "x", data: [], source: "s" }),
        }),
      ]),
    );
    const result = await cli("check", other, "--api", "referrals", "--json");
    expect(JSON.parse(result.stdout).entries[0]).toMatchObject({
      envelope: "core",
      verdict: "fail",
      findings: expect.arrayContaining([expect.objectContaining({ check: "envelope", severity: "violation" })]),
    });
  });

  test("a folder checks every .har below it; the text output ends with the counts", async () => {
    const folder = join(dir, "folder");
    mkdirSync(join(folder, "nested"), { recursive: true });
    writeFileSync(join(folder, "a.har"), har([entry(cases[0]![0])]));
    writeFileSync(join(folder, "nested", "b.har"), har([entry(cases[6]![0])]));
    const result = await cli("check", folder);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/2 entries: 1 pass, 0 deviation, 0 fail, 1 skip\n$/);
  });

  test("a malformed HAR, or none, is refused with the file and the place, exit 2", async () => {
    const bad = join(dir, "bad.har");
    writeFileSync(bad, '{"log":{"entries":[{"request":{"method":"GET","url":"https://x.test/","headers":[]}}]}}');
    const result = await cli("check", bad);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^pc-contract: recording error: .*bad\.har: log\.entries\[0\]\.response: must be an object, got undefined\n$/);
    const missing = await cli("check", join(dir, "nowhere.har"));
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/nowhere\.har: file: does not exist/)]);
    expect((await cli("check", bad, "--api", "billing")).stderr).toMatch(/--api must be one of core, referrals, oauth/);
  });

  test("a recording says which status its case expected: the status is judged; elsewhere it is taken as meant, and said so", async () => {
    const body = JSON.stringify({ code: "800002", description: "Invalid request input", data: [], source: "PartnerFD" });
    const recorded = {
      ...entry({ url: `${PC}/v1/products/ZZZ?country=US`, status: 400, headers: json, text: body }),
      _pcProbe: "products.get/unknown-product",
      _pcApi: "core",
      _pcExpected: [404],
    };
    const captured = entry({ url: `${PC}/v1/products/ZZZ?country=US`, status: 400, headers: json, text: body });
    const file2 = join(dir, "recorded.har");
    writeFileSync(file2, har([recorded, captured]));
    const result = await cli("check", file2);
    expect(result.stdout).toMatch(/^FAIL +#0 GET .* → 400 \(core\)\n +✗ \[status\/wrong\] wrong status for the fault: expected 404, received 400/m);
    expect(result.stdout).toMatch(/^PASS +#1 GET .* → 400 \(core\) \(status not judged\)$/m);
  });

  test("the baseline is honoured offline as in the suite: an entry for the case and rule accepts it", async () => {
    const body = JSON.stringify({ code: 800002, description: "Invalid request input", data: [], source: "PartnerFD" });
    const file3 = join(dir, "numeric.har");
    writeFileSync(
      file3,
      har([
        {
          ...entry({ url: `${PC}/v1/customers`, status: 400, headers: json, text: body }),
          _pcProbe: "customers.list/size-not-integer",
          _pcApi: "core",
          _pcExpected: [400],
        },
      ]),
    );
    const baselineFile = join(dir, "baseline.json");
    writeFileSync(
      baselineFile,
      JSON.stringify({
        entries: [
          {
            probe: "customers.list/*",
            rule: "envelope/numeric-code",
            severity: "deviation",
            reason: "numeric codes",
            owner: "qa",
            expires: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
          },
        ],
      }),
    );
    expect((await cli("check", file3, "--strict")).status).toBe(1);
    const accepted = await cli("check", file3, "--strict", "--baseline", baselineFile, "--json");
    expect(accepted.status).toBe(0);
    expect(JSON.parse(accepted.stdout).entries[0]).toMatchObject({
      id: "customers.list/size-not-integer",
      verdict: "pass",
      findings: [{ rule: "envelope/numeric-code", baseline: "accepted" }],
    });
  });
});
