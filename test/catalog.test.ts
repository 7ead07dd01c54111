import { existsSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CatalogError } from "../src/contract/catalog-error.js";
import { bundledCatalog, documentedStatuses, loadCatalog, parseCoreCodes } from "../src/contract/load-catalog.js";
import { loadSchemas } from "../src/contract/load-schemas.js";
import { catalogDir, projectRoot, schemasDir } from "../src/contract/paths.js";
import { apiNames, codeKey } from "../src/contract/types.js";
import { probes } from "../suites/probes/index.js";

const shared = join(projectRoot, "..", "shared", "contract");
const sharedTable = join(shared, "legacy-error-codes.tsv");

describe("catalog", () => {
  const catalog = bundledCatalog();

  test.runIf(existsSync(sharedTable))("holds every row of the shared core table, keyed on (status, code)", () => {
    const rows = readFileSync(sharedTable, "utf8").trim().split("\n").slice(1).map((line) => line.split("\t"));
    expect(rows).toHaveLength(239);
    for (const [status, code, description] of rows) {
      const held = catalog.coreCodes.get(codeKey(Number(status), code!));
      expect(held?.map((r) => r.description), `${status} ${code}`).toContain(description);
    }
    expect(catalog.coreRows).toHaveLength(rows.length);
  });

  test("keeps a code that carries two statuses under both (2006: 403 and 400)", () => {
    expect(catalog.coreCodes.has(codeKey(403, "2006"))).toBe(true);
    expect(catalog.coreCodes.has(codeKey(400, "2006"))).toBe(true);
  });

  test.runIf(existsSync(join(shared, "referrals-codes.md")))("holds every Referrals code of the shared tables", () => {
    const text = readFileSync(join(shared, "referrals-codes.md"), "utf8");
    const top = [...text.matchAll(/^\| (\w+) \| (\d{3}) \| [^\d|]/gm)].map((m) => [m[1]!, Number(m[2])] as const);
    const inner = [...text.matchAll(/^\| [^|]+ \| (\d{3}) \| (\d{5}) \|/gm)].map((m) => [m[2]!, Number(m[1])] as const);
    expect(top).toHaveLength(8);
    expect(inner).toHaveLength(19);
    for (const [code, status] of top) expect(catalog.referralsTopLevel.get(code)?.status, code).toBe(status);
    for (const [code, status] of inner) expect(catalog.referralsInner.get(code)?.status, code).toBe(status);
  });

  test("documents the core status set of the seeds plus 408, and the Referrals set", () => {
    expect([...documentedStatuses(catalog, "core")]).toEqual([400, 401, 403, 404, 405, 406, 408, 409, 412, 429, 500, 501, 502, 503, 504]);
    expect([...documentedStatuses(catalog, "referrals")]).toEqual([400, 401, 403, 404, 405, 406, 409, 410, 411, 412, 413, 415, 416, 422, 423, 429, 500, 501, 503, 504, 507, 509]);
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

  test("a Referrals code listed twice", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-catalog-"));
    cpSync(catalogDir, dir, { recursive: true });
    const file = join(dir, "referrals-codes.json");
    const data = JSON.parse(readFileSync(file, "utf8"));
    data.inner.push(data.inner[0]);
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadCatalog(dir)).toThrow(/referrals-codes\.json: code 99901: is listed twice/);
  });

  test("a schema that does not compile", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-schemas-"));
    cpSync(schemasDir, dir, { recursive: true });
    writeFileSync(join(dir, "core-error.schema.json"), JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { code: { type: "strin" } } }));
    expect(() => loadSchemas(dir)).toThrow(/core-error\.schema\.json: schema: does not compile/);
  });
});

describe("probes", () => {
  const catalog = bundledCatalog();

  test("ids are unique and read <operation>/<fault>", () => {
    expect(new Set(probes.map((p) => p.id)).size).toBe(probes.length);
    for (const p of probes) expect(p.id).toMatch(/^[a-z-]+(\.[a-z-]+)*\/[a-z0-9-]+$/);
  });

  test("there are at least 60", () => {
    expect(probes.length).toBeGreaterThanOrEqual(60);
  });

  test("expect only statuses their API documents", () => {
    for (const p of probes) {
      const documented = documentedStatuses(catalog, p.api);
      for (const s of p.expect.status) expect(documented.has(s), `${p.id} expects ${s}`).toBe(true);
    }
  });

  /**
   * Client-provokable statuses that only a mock may be pushed into: they need tenant state (409, 410, 423, 422),
   * could apply a write if the service ignored the precondition (core 412), may be legally ignored (416), or
   * would throttle a real tenant (429). §4 of the contract notes says as much.
   */
  const MOCK_ONLY = { core: [409, 412, 429], referrals: [409, 410, 416, 422, 423, 429] };

  test.each(apiNames)("cover every documented status of the %s API, client-provokable ones with probes a real tenant may get", (api) => {
    for (const { status, provokedBy } of catalog.statuses[api].errors) {
      const covering = probes.filter((p) => p.api === api && p.expect.status.includes(status));
      expect(covering.length, `${api} ${status}`).toBeGreaterThan(0);
      if (provokedBy === "client" && !MOCK_ONLY[api].includes(status)) {
        expect(covering.some((p) => p.scope === "any"), `${api} ${status} has a probe for real tenants`).toBe(true);
      }
    }
  });
});
