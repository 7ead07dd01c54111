import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { bundledCatalog } from "../contract/load-catalog.js";
import type { CaseRecord } from "./case-record.js";
import { buildMatrix, renderMarkdown, summaryLines } from "./conformance-matrix.js";

/** After each run: reports/conformance.{json,md} and a short summary, from the cases' records. */
export class ConformanceReporter implements Reporter {
  constructor(private readonly reportsDir: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const records: CaseRecord[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const record = test.meta().pcContract;
        if (record) records.push(record);
      }
    }
    if (records.length === 0) return;
    const matrix = buildMatrix(bundledCatalog(), records);
    mkdirSync(this.reportsDir, { recursive: true });
    writeFileSync(join(this.reportsDir, "conformance.json"), `${JSON.stringify(matrix, null, 2)}\n`);
    writeFileSync(join(this.reportsDir, "conformance.md"), renderMarkdown(matrix));
    process.stdout.write(`\nconformance (${join(this.reportsDir, "conformance.md")}):\n${summaryLines(matrix).map((l) => `  ${l}`).join("\n")}\n`);
  }
}
