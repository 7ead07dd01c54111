import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseCoreCodes } from "../src/contract/apis/core.js";
import { targetApis } from "../src/contract/apis/registry.js";
import { bundledCatalog, loadCatalog } from "../src/contract/catalog.js";
import { projectRoot, schemasDir } from "../src/contract/paths.js";
import { CatalogError } from "../src/errors.js";
import { areas } from "../src/probes/probe.js";
import { probes } from "../suites/probes/index.js";

/** The documents, vendored beside the fixtures: what the catalog is held to. */
const documents = join(projectRoot, "fixtures", "documents");
const doc = (name: string) => readFileSync(join(documents, name), "utf8");

describe("catalog against the documents (fixtures/documents/)", () => {
  const catalog = bundledCatalog();

  test("holds every row of the core code table, keyed on (status, code), and no row the table lacks", () => {
    const rows = doc("error-codes-table.tsv")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split("\t"));
    expect(rows.length).toBeGreaterThan(200);
    const table = catalog.api("core").codes;
    for (const [status, code, description] of rows) {
      const held = table.lookup(code!, 0).filter((r) => r.status === Number(status));
      expect(
        held.map((r) => r.description),
        `${status} ${code}`,
      ).toContain(description);
    }
    const pairs = new Set(rows.map(([status, code]) => `${status} ${code}`));
    const pageCodes = readFileSync(join(schemasDir, "catalog", "core-page-codes.tsv"), "utf8");
    const fromPages = new Set(
      pageCodes
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split("\t").slice(0, 2).join(" ")),
    );
    expect(table.rows.filter((r) => !pairs.has(`${r.status} ${r.code}`) && !fromPages.has(`${r.status} ${r.code}`))).toEqual([]);
  });

  test("every code the catalog adds from operation pages names its page", () => {
    const lines = readFileSync(join(schemasDir, "catalog", "core-page-codes.tsv"), "utf8")
      .trim()
      .split("\n")
      .slice(1);
    for (const line of lines) expect(line.split("\t")[3], line).toMatch(/^https:\/\/learn\.microsoft\.com\/partner-center\/developer\/[a-z-]+$/);
  });

  test("keeps a code that carries two statuses under both (2006: 403 and 400)", () => {
    expect(
      catalog
        .api("core")
        .codes.lookup("2006", 0)
        .map((r) => r.status)
        .sort(),
    ).toEqual([400, 403]);
  });

  test("holds every Referrals code of the page's tables, with its status, and none the page lacks", () => {
    const text = doc("referrals-api-response-codes.md");
    const top = [...text.matchAll(/^\| (\w+) \| (\d{3}) \| [^\d|]/gm)].map((m) => [m[1]!, Number(m[2])] as const);
    const inner = [...text.matchAll(/^\| [^|]+ \| (\d{3}) \| (\d{5}) \|/gm)].map((m) => [m[2]!, Number(m[1])] as const);
    expect(top.length).toBeGreaterThan(0);
    expect(inner.length).toBeGreaterThan(0);
    const table = catalog.api("referrals").codes;
    for (const [code, status] of top)
      expect(
        table.lookup(code, 0).map((r) => r.status),
        code,
      ).toEqual([status]);
    for (const [code, status] of inner)
      expect(
        table.lookup(code, 1).map((r) => r.status),
        code,
      ).toEqual([status]);
    expect(table.rows.length).toBe(top.length + inner.length);
  });

  test("the core status set is the page's list plus the statuses its own table uses", () => {
    const text = doc("error-codes-statuses.md");
    const listed = [...text.matchAll(/^- (\d{3}): /gm)].map((m) => Number(m[1]));
    const tableOnly = [...text.matchAll(/also uses ([^.]*)\bwhich/g)].flatMap((m) => [...m[1]!.matchAll(/(\d{3}) \(code/g)].map((x) => Number(x[1])));
    const errorsInTable = tableOnly.filter((s) => s >= 400);
    expect(listed.length).toBeGreaterThan(10);
    expect([...catalog.api("core").documented].sort()).toEqual([...listed, ...errorsInTable].sort());
    expect(catalog.api("core").statuses.success).toEqual(expect.arrayContaining(tableOnly.filter((s) => s < 300)));
  });

  test("the Referrals status set is the page's", () => {
    const line = /^## Error statuses\n(.+)$/m.exec(doc("referrals-api-response-codes.md"))![1]!;
    expect([...catalog.api("referrals").documented]).toEqual(line.split(",").map((s) => Number(s.trim())));
  });
});

describe("bad contract data is refused with the file and the place", () => {
  test("an exact duplicate row", () => {
    const text = "http_status\tcode\tdescription\tfirst_documented\n400\t1\tx\t2020-08\n400\t1\tx\t2020-08\n";
    expect(() => parseCoreCodes(text, "t.tsv")).toThrow(new CatalogError("t.tsv", "line 3", "duplicates line 2 exactly"));
  });

  test("a status that is not one", () => {
    const text = "http_status\tcode\tdescription\tfirst_documented\nOK\t1\tx\t2020-08\n";
    expect(() => parseCoreCodes(text, "t.tsv")).toThrow(/t\.tsv: line 2: http_status "OK" is not an HTTP status/);
  });

  test("a missing header", () => {
    expect(() => parseCoreCodes("400\t1\tx\n", "t.tsv")).toThrow(/t\.tsv: line 1: expected the header/);
  });

  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-catalog-"));
    cpSync(schemasDir, dir, { recursive: true });
    return dir;
  };

  test("a Referrals code listed twice", () => {
    const dir = copy();
    const file = join(dir, "catalog", "referrals-codes.json");
    const data = JSON.parse(readFileSync(file, "utf8"));
    data.inner.push(data.inner[0]);
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadCatalog(dir)).toThrow(/referrals-codes\.json: code 99901: is listed twice/);
  });

  test("a schema that does not compile", () => {
    const dir = copy();
    writeFileSync(
      join(dir, "core-error.schema.json"),
      JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { code: { type: "strin" } } }),
    );
    expect(() => loadCatalog(dir)).toThrow(/core-error\.schema\.json: schema: does not compile/);
  });

  test.each([
    [
      "headers.json",
      "a rule with an unknown field",
      (d: Record<string, Record<string, Record<string, unknown>>>) => (d.defaults!.allow!.requried = true),
      /headers\.json: \/defaults\/allow: must NOT have additional properties/,
    ],
    [
      "headers.json",
      "a status that is a string",
      (d: Record<string, Record<string, Record<string, unknown>>>) => (d.defaults!.allow!.statuses = ["405"]),
      /headers\.json: \/defaults\/allow\/statuses\/0: must be integer/,
    ],
    [
      "statuses.json",
      "an error status without its name",
      (d: Record<string, { errors: Record<string, unknown>[] }>) => delete d.core!.errors[0]!.name,
      /statuses\.json: \/core\/errors\/0\/name: must have required property 'name'/,
    ],
    [
      "referrals-codes.json",
      "a code without its status",
      (d: { inner: Record<string, unknown>[] }) => delete d.inner[0]!.status,
      /referrals-codes\.json: \/inner\/0\/status: must have required property 'status'/,
    ],
  ])("%s: %s", (file, _, change, message) => {
    const dir = copy();
    const path = join(dir, "catalog", file);
    const data = JSON.parse(readFileSync(path, "utf8"));
    (change as (d: unknown) => void)(data);
    writeFileSync(path, JSON.stringify(data));
    expect(() => loadCatalog(dir)).toThrow(CatalogError);
    expect(() => loadCatalog(dir)).toThrow(message);
  });

  test("a file that is not JSON", () => {
    const dir = copy();
    writeFileSync(join(dir, "catalog", "referrals-codes.json"), "{");
    expect(() => loadCatalog(dir)).toThrow(/referrals-codes\.json: file: is not valid JSON/);
  });
});

describe("probes", () => {
  const catalog = bundledCatalog();

  test("every area has its suite file, and every suite file an area, so no probe silently never runs", () => {
    const suiteFiles = readdirSync(join(projectRoot, "suites")).filter((f) => f.endsWith(".test.ts"));
    const areaOf = (file: string) => (file === "fuzz.test.ts" ? "generated" : file.replace(/\.test\.ts$/, ""));
    for (const area of areas)
      expect(
        suiteFiles.some((f) => areaOf(f) === area),
        `suites/${area}.test.ts`,
      ).toBe(true);
    for (const file of suiteFiles) expect(areas as readonly string[], file).toContain(areaOf(file));
    for (const p of probes) expect(areas as readonly string[], p.id).toContain(p.area);
  });

  test("ids are unique and read <operation>/<fault>", () => {
    expect(new Set(probes.map((p) => p.id)).size).toBe(probes.length);
    for (const p of probes) expect(p.id).toMatch(/^[a-z-]+(\.[a-z-]+)*\/[a-z0-9-]+$/);
  });

  test("expect only statuses their API documents, or tolerates as framework-level ones", () => {
    for (const p of probes) {
      const contract = catalog.api(p.api);
      const known = (s: number) => contract.documented.has(s) || contract.statuses.tolerated?.some((t) => t.status === s) === true;
      for (const s of p.expect.status) expect(known(s), `${p.id} expects ${s}`).toBe(true);
      // A tolerated status is never the only answer a probe accepts: the documented one comes first.
      expect(
        p.expect.status.some((s) => contract.documented.has(s)),
        p.id,
      ).toBe(true);
    }
  });

  /**
   * Client-provokable statuses that only a mock may be pushed into: they need tenant state (409, 410, 423, 422),
   * could apply a write if the service ignored the precondition (core 412), may be legally ignored (416), or
   * would throttle a real tenant (429). §4 of the contract notes says as much.
   */
  const MOCK_ONLY: Record<string, number[]> = { core: [409, 412, 429], referrals: [409, 410, 416, 422, 423, 429] };

  test.each(targetApis().map((p) => p.name))("cover every documented status of the %s API, client-provokable ones with probes a real tenant may get", (api) => {
    for (const { status, provokedBy } of catalog.api(api).statuses.errors) {
      const covering = probes.filter((p) => p.api === api && p.expect.status.includes(status));
      expect(covering.length, `${api} ${status}`).toBeGreaterThan(0);
      if (provokedBy === "client" && !MOCK_ONLY[api]!.includes(status)) {
        expect(
          covering.some((p) => p.scope === "any"),
          `${api} ${status} has a probe for real tenants`,
        ).toBe(true);
      }
    }
  });
});
