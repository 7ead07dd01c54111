import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { summaryLines } from "../report/conformance-matrix.js";
import { readCases, writeConformanceFiles } from "../report/conformance-files.js";
import { summarizeRun, summaryOfRun } from "../report/run-summary.js";
import type { StoredCase } from "../report/sarif.js";

/**
 * `pc-contract merge`: the reports of a sharded run as one. Each shard's cases make one matrix, one SARIF file
 * and one summary; the Allure results are gathered into one folder for `pc-contract report`; the JUnit files
 * are copied beside each other (CI systems read several). A case in two shards (a shard run twice) counts once,
 * from the last folder named.
 */
export function mergeReports(shards: readonly string[], out: string): string[] {
  if (shards.length === 0) throw new UsageError("merge needs the shards' report folders");
  const byId = new Map<string, StoredCase>();
  const target = resolve(out);
  for (const shard of shards) {
    if (resolve(shard) === target) throw new UsageError(`${shard} is the output folder too: merge into another one`);
    for (const c of readCases(shard)) byId.set(c.id, c);
  }
  const cases = [...byId.values()];
  const { matrix } = writeConformanceFiles(out, cases);
  const results = join(out, "allure-results");
  const junit = join(out, "junit");
  mkdirSync(results, { recursive: true });
  mkdirSync(junit, { recursive: true });
  shards.forEach((shard, i) => {
    const from = join(shard, "allure-results");
    if (existsSync(from)) for (const f of readdirSync(from)) cpSync(join(from, f), join(results, f));
    if (existsSync(join(shard, "junit.xml"))) cpSync(join(shard, "junit.xml"), join(junit, `shard-${i + 1}.xml`));
  });
  return [`merged ${shards.length} shards, ${cases.length} cases, into ${out}`, ...summaryLines(matrix), ...summaryOfRun(summarizeRun(cases))];
}
