import { writeFileSync } from "node:fs";

/** Text as an XML attribute or element: characters XML 1.0 forbids dropped, markup escaped. */
// eslint-disable-next-line no-control-regex
export const xml = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface JUnitCase {
  classname: string;
  name: string;
  /** Absent: passed. */
  failure?: string;
  skipped?: string;
  /** Shown with the case (deviations of a passing case). */
  output?: string;
}

/** A JUnit XML file of one suite, for the commands that judge outside vitest (the proxy). */
export function writeJUnit(file: string, suite: string, cases: readonly JUnitCase[]): void {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="${xml(suite)}" tests="${cases.length}" failures="${failures}" errors="0">`,
    `    <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...cases.flatMap((c) => [
      `        <testcase classname="${xml(c.classname)}" name="${xml(c.name)}">`,
      ...(c.failure !== undefined ? [`            <failure message="${xml(c.failure.split("\n")[0]!)}">${xml(c.failure)}</failure>`] : []),
      ...(c.skipped !== undefined ? [`            <skipped message="${xml(c.skipped)}"/>`] : []),
      ...(c.output ? [`            <system-out>${xml(c.output)}</system-out>`] : []),
      "        </testcase>",
    ]),
    "    </testsuite>",
    "</testsuites>",
    "",
  ];
  writeFileSync(file, lines.join("\n"));
}
