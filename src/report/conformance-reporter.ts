import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { bundledCatalog } from "../contract/load-catalog.js";
import type { CaseRecord } from "./case-record.js";
import { buildMatrix, renderMarkdown, summaryLines } from "./conformance-matrix.js";

/** Identical findings across cases, grouped: a defect that breaks 300 cases is one thing to fix. */
export function uniqueFailures(records: readonly CaseRecord[]): { check: string; title: string; cases: number }[] {
  const groups = new Map<string, { check: string; title: string; cases: number }>();
  for (const r of records) {
    if (r.verdict !== "fail") continue;
    for (const f of r.findings) {
      if (f.baseline === "accepted" || (f.severity !== "violation" && f.baseline !== "expired")) continue;
      const title = f.title.replace(/\/\d+(?=\/|$)/g, "/N");
      const key = `${f.check}|${title}`;
      const group = groups.get(key) ?? { check: f.check, title, cases: 0 };
      group.cases++;
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.cases - a.cases);
}

/** After each run: reports/conformance.{json,md} and a short summary, from the cases' records. */
export class ConformanceReporter implements Reporter {
  constructor(private readonly reportsDir: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const records: CaseRecord[] = [];
    const flaky: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const record = test.meta().pcContract;
        if (record) records.push(record);
        if (test.diagnostic()?.flaky) flaky.push(test.name);
      }
    }
    if (records.length === 0) return;
    const matrix = buildMatrix(bundledCatalog(), records);
    mkdirSync(this.reportsDir, { recursive: true });
    writeFileSync(join(this.reportsDir, "conformance.json"), `${JSON.stringify(matrix, null, 2)}\n`);
    writeFileSync(join(this.reportsDir, "conformance.md"), renderMarkdown(matrix));
    // Every finding of the run, for `pc-contract baseline` to accept.
    writeFileSync(join(this.reportsDir, "findings.json"), `${JSON.stringify({ cases: records.filter((r) => r.findings.length).map((r) => ({ id: r.id, verdict: r.verdict, findings: r.findings })) }, null, 2)}\n`);
    const unique = uniqueFailures(records);
    const failures = unique.length ? [`${unique.length} unique failure${unique.length > 1 ? "s" : ""} across ${records.filter((r) => r.verdict === "fail").length} failing cases:`, ...unique.slice(0, 10).map((u) => `  ${u.cases} × [${u.check}] ${u.title}`)] : [];
    // Against a live target a failing case is run once more (retry: 1); one that passed then is flaky, said aloud.
    const flakyLines = flaky.length ? [`${flaky.length} flaky (failed, then passed on the automatic re-run): ${flaky.slice(0, 10).join(", ")}${flaky.length > 10 ? " ..." : ""}`] : [];
    process.stdout.write(`\nconformance (${join(this.reportsDir, "conformance.md")}):\n${[...summaryLines(matrix), ...failures, ...flakyLines].map((l) => `  ${l}`).join("\n")}\n`);
  }
}
