import { describe, expect, test } from "vitest";
import { bundledCatalog } from "../src/contract/catalog.js";
import { caseRecord } from "./helpers/case-record.js";
import { buildMatrix, renderMarkdown, summaryLines } from "../src/report/conformance-matrix.js";

const record = caseRecord;

describe("conformance matrix", () => {
  const matrix = buildMatrix(bundledCatalog(), [
    record({ id: "a/pass", expected: [400], observed: 400, codes: [{ code: "3000", depth: 0 }] }),
    record({
      id: "b/fail",
      expected: [404],
      observed: 400,
      verdict: "fail",
      codes: [{ code: "400013", depth: 0 }],
      findings: [{ check: "status", rule: "status/wrong", severity: "violation", title: "wrong status for the fault", path: "status" }],
    }),
    record({ id: "c/skipped", expected: [409], observed: undefined, verdict: undefined, outcome: "skipped", codes: [] }),
    record({ id: "d/either", expected: [403, 405], observed: 403, codes: [{ code: "20002", depth: 0 }] }),
    record({
      id: "r/pass",
      api: "referrals",
      expected: [412],
      observed: 412,
      codes: [
        { code: "preconditionFailed", depth: 0 },
        { code: "99910", depth: 1 },
      ],
    }),
    record({
      id: "r/wrong-code",
      api: "referrals",
      expected: [404],
      observed: 404,
      verdict: "fail",
      codes: [
        { code: "itemNotFound", depth: 0 },
        { code: "99901", depth: 1 },
      ],
      findings: [{ check: "code-status", rule: "code-status/mismatch", severity: "violation", title: "inner code 99901", path: "/error/innerError/code" }],
    }),
  ]);
  const row = (api: "core" | "referrals", status: number) => matrix[api]!.statuses.find((s) => s.status === status)!;

  test("a status probed and passed is proven; one a probe failed on is violated, naming it; a skipped one is not probed", () => {
    // b/fail wanted 404 and got 400: it violates 404, not 400.
    expect(row("core", 400)).toMatchObject({ state: "proven", probes: 1, passed: 1, violatedBy: [], observed: 2 });
    expect(row("core", 404)).toMatchObject({ state: "violated", violatedBy: ["b/fail"], observed: 0 });
    expect(row("core", 409)).toMatchObject({ state: "not probed", probes: 0 });
    expect(row("referrals", 412)).toMatchObject({ state: "proven", probes: 1, passed: 1 });
    // d/either accepted 403 or 405 and got 403: it proved 403, and nothing of 405.
    expect(row("core", 403)).toMatchObject({ state: "proven", probes: 1 });
    expect(row("core", 405)).toMatchObject({ state: "not probed", probes: 0 });
  });

  test("coverage counts the client-provokable statuses probed", () => {
    const provokable = bundledCatalog()
      .api("core")
      .statuses.errors.filter((e) => e.provokedBy === "client").length;
    expect(matrix.core!.coverage).toEqual({ provokable, probed: 3, ratio: 3 / provokable });
    expect(matrix.referrals!.coverage.probed).toBe(2);
  });

  test("codes list where they were seen, and with which other status", () => {
    expect(matrix.core!.codes.find((c) => c.code === "400013")).toEqual({ code: "400013", status: 404, observed: 0, withOtherStatus: ["b/fail"] });
    expect(matrix.referrals!.codes.find((c) => c.code === "99901")).toEqual({ code: "99901", status: 400, observed: 0, withOtherStatus: ["r/wrong-code"] });
    expect(matrix.referrals!.codes.find((c) => c.code === "99910")).toMatchObject({ observed: 1, withOtherStatus: [] });
    expect(matrix.core!.codesNeverObserved).toBeGreaterThan(200);
  });

  test("renders a Markdown table and a summary", () => {
    expect(renderMarkdown(matrix)).toContain("| 404 | Not found | client | violated | 1 | 0 | 0 | b/fail |");
    const provokable = matrix.core!.coverage.provokable;
    expect(summaryLines(matrix, "bundled mock")).toEqual([
      "target: bundled mock",
      expect.stringMatching(new RegExp(`^core: 3/${provokable} client-provokable statuses probed \\(${Math.round(300 / provokable)}%\\)`)),
      expect.stringMatching(/^referrals: 2\//),
    ]);
  });
});
