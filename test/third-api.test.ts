import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runChecks } from "../src/checks/run-checks.js";
import { readSettings } from "../src/config/settings.js";
import type { ApiProfile, ErrorView } from "../src/contract/api-profile.js";
import { codeTable, documentedSet } from "../src/contract/apis/shared.js";
import { registerApi } from "../src/contract/apis/registry.js";
import { bundledCatalog } from "../src/contract/catalog.js";
import { createAjv, validatorOf } from "../src/contract/create-ajv.js";
import { isObject } from "../src/contract/error-view.js";
import { judge } from "../src/gating/judge.js";
import { checkHar } from "../src/offline/check-har.js";
import { buildMatrix, renderMarkdown, summaryLines } from "../src/report/conformance-matrix.js";
import { exchange } from "./helpers/exchange.js";

/**
 * A toy third API, registered here and nowhere else: an RFC 9457 problem-details envelope on its own path.
 * It must flow through the checks, the judge, the matrix and the offline checker without another file knowing it.
 */
const problemSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { type: "string", format: "uri" },
    title: { type: "string", minLength: 1 },
    status: { type: "integer" },
    detail: { type: "string", minLength: 1, maxLength: 1024 },
    code: { type: "string" },
    errors: { type: "array", items: { type: "object", required: ["pointer"], properties: { pointer: { type: "string" } } } },
  },
};

const billing: ApiProfile = {
  name: "billing",
  title: "Billing API (toy)",
  doc: { url: "https://www.rfc-editor.org/rfc/rfc9457", name: "RFC 9457 problem details" },
  pathPrefix: /^\/billing\/v2(\/|$)/i,
  productionHosts: [],
  origin: { variable: "PC_BILLING_BASE_URL", description: "the toy billing API's origin (default: PC_BASE_URL)", fallback: "core" },
  unsupportedMediaTypeStatuses: [415],
  envelope: {
    shape: '{"type", "title", "status", "detail", "errors"?[]}',
    matches: (json) => isObject(json) && typeof json.type === "string" && "title" in json && "status" in json,
    view: (json): ErrorView => {
      const body = json as Record<string, unknown>;
      const errors = Array.isArray(body.errors) ? body.errors : [];
      return {
        message: { pointer: "/detail", value: body.detail },
        levels: [{ depth: 0, pointer: "", key: "", value: body, ...("code" in body ? { code: { pointer: "/code", value: body.code } } : {}) }],
        places: errors.flatMap((e) => (isObject(e) && typeof e.pointer === "string" ? [e.pointer] : [])),
        hints: [],
        conflicts: [],
        placesAt: { pointer: "/errors", name: "errors" },
      };
    },
    topLevel: (json) => json,
    knownDeviations: [
      { rule: "status-as-string", pointer: /^\/status$/, keyword: "type", valueType: "string", title: () => "status is a string (a gateway's rendering)" },
    ],
    variants: [],
    forms: [],
  },
  loadContract(source) {
    const statuses = {
      source: "toy",
      success: [200],
      errors: [
        { status: 400, name: "Bad Request", provokedBy: "client" as const },
        { status: 404, name: "Not Found", provokedBy: "client" as const },
        { status: 503, name: "Service Unavailable", provokedBy: "server" as const },
      ],
    };
    return {
      statuses,
      documented: documentedSet(statuses),
      codes: codeTable(
        [
          { code: "BILL-001", status: 400, description: "invalid request", level: 0 },
          { code: "BILL-404", status: 404, description: "no such invoice", level: 0 },
        ],
        "violation",
      ),
      headers: source.headers("billing"),
      validate: validatorOf(createAjv().compile(problemSchema)),
      variants: {},
    };
  },
  renderError: (spec) => ({
    type: "https://billing.test/problems/error",
    title: spec.message,
    status: 400,
    detail: spec.message,
    ...(spec.code !== undefined ? { code: spec.code } : {}),
  }),
};

const problem = (over: Record<string, unknown> = {}) => ({
  type: "https://billing.test/problems/invalid",
  title: "Invalid request",
  status: 400,
  detail: "The invoice id is not valid.",
  code: "BILL-001",
  errors: [{ pointer: "/invoiceId" }],
  ...over,
});
const problemHeaders = { "Content-Type": "application/problem+json" };
const rules = (status: number, body: unknown, expected = [status], pointers?: string[]) =>
  runChecks(exchange({ status, body, headers: problemHeaders }), "billing", { statuses: expected, ...(pointers ? { pointers } : {}) }).findings.map((f) => [
    f.rule,
    f.severity,
  ]);

describe("a third API registered by a test alone", () => {
  let unregister: () => void;
  beforeAll(() => {
    unregister = registerApi(billing);
  });
  afterAll(() => unregister());

  test("the checks judge it by its own envelope, status set, code table and rules", () => {
    expect(rules(400, problem())).toEqual([]);
    expect(rules(400, problem({ detail: "x".repeat(1025) }))).toEqual([["message/too-long", "violation"]]);
    expect(rules(404, problem({ code: "BILL-001" }))).toEqual([["code-status/mismatch", "violation"]]);
    expect(rules(400, problem({ status: "400" }))).toEqual([["envelope/status-as-string", "deviation"]]);
    expect(rules(400, problem({ title: "" }))).toEqual([["envelope/schema", "violation"]]);
    expect(rules(400, { code: "800002", description: "x", data: [], source: "PartnerFD" })).toEqual([["envelope/wrong-envelope", "violation"]]);
    expect(rules(418, problem(), [400])).toEqual([["status/undocumented", "violation"]]);
    expect(rules(400, problem(), [400], ["/amount"])).toEqual([["error-target/other-field", "violation"]]);
  });

  test("the judge records its codes; the matrix and the summary carry it under its own title", () => {
    const ex = exchange({ status: 404, body: problem({ code: "BILL-404" }), headers: problemHeaders });
    const { findings, body } = runChecks(ex, "billing", { statuses: [404] });
    const { record, verdict } = judge(
      { kind: "checked", probe: { id: "invoices.get/unknown", api: "billing", expect: { status: [404] } }, exchange: ex, body, findings },
      { strict: false, today: "2026-12-02" },
    );
    expect([verdict, record.codes]).toEqual(["pass", [{ code: "BILL-404", depth: 0 }]]);
    const matrix = buildMatrix(bundledCatalog(), [record]);
    expect(matrix.billing).toMatchObject({ title: "Billing API (toy)", codes: [{ code: "BILL-404", status: 404, observed: 1, withOtherStatus: [] }] });
    expect(matrix.billing!.statuses.find((s) => s.status === 404)).toMatchObject({ state: "proven", probes: 1 });
    expect(renderMarkdown(matrix)).toContain("## Billing API (toy)");
    expect(summaryLines(matrix).some((l) => l.startsWith("billing: 1/2 client-provokable statuses probed"))).toBe(true);
  });

  test("the offline checker tells it from its path, or from its body, and judges it", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-third-"));
    const entry = (url: string, status: number, body: unknown) => ({
      startedDateTime: "2026-12-02T10:00:00.000Z",
      time: 1,
      request: { method: "GET", url, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: {
        status,
        statusText: "",
        httpVersion: "HTTP/1.1",
        headers: [{ name: "Content-Type", value: "application/problem+json" }],
        cookies: [],
        content: { size: 0, mimeType: "application/problem+json", text: JSON.stringify(body) },
        redirectURL: "",
        headersSize: -1,
        bodySize: 0,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
    const file = join(dir, "billing.har");
    const entries = [
      entry("https://billing.test/billing/v2/invoices/x", 400, problem()),
      entry("https://billing.test/billing/v2/invoices/x", 400, problem({ detail: "" })),
      entry("https://gateway.test/anything", 404, problem({ code: "BILL-001", status: 404 })),
    ];
    writeFileSync(file, JSON.stringify({ log: { version: "1.2", creator: { name: "t", version: "1" }, entries } }));
    // A capture from other hosts than Partner Center's: --host names them (gateway.test is told by its body).
    expect(checkHar(file, { hosts: ["billing.test", "gateway.test"] }).map((e) => [e.api, e.envelope, e.verdict, e.findings.map((f) => f.rule)])).toEqual([
      ["billing", "billing", "pass", []],
      ["billing", "billing", "fail", ["message/empty"]],
      ["billing", "billing", "fail", ["code-status/mismatch"]],
    ]);
  });

  test("its origin variable is one the settings know, falling back as its profile says", () => {
    expect(readSettings({ PC_BASE_URL: "https://pc.test" }).origins).toMatchObject({ core: "https://pc.test", billing: "https://pc.test" });
    expect(readSettings({ PC_BASE_URL: "https://pc.test", PC_BILLING_BASE_URL: "https://billing.test" }).origins).toMatchObject({
      billing: "https://billing.test",
    });
  });
});
