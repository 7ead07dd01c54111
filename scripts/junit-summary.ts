import { existsSync, readFileSync } from "node:fs";

/**
 * Prints one closing line for CI, "N passed, N failed, N skipped", summed over JUnit files.
 * A missing file counts as one failure: a run that wrote no report did not pass.
 */
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    process.stderr.write(`junit-summary: ${file} was not written\n`);
    failed++;
    continue;
  }
  const xml = readFileSync(file, "utf8");
  for (const testcase of xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? []) {
    if (/<(failure|error)\b/.test(testcase)) failed++;
    else if (/<skipped\b/.test(testcase)) skipped++;
    else passed++;
  }
}
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
