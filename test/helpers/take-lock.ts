import { lockReports } from "../../src/report/run-files.js";

// A process that takes a reports folder's lock at an agreed moment and holds it: several started together race for it.
const [dir, startAt, holdMs] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // spin to the agreed moment, so every racer calls lockReports within the same millisecond or two
}
try {
  lockReports(dir!);
  process.stdout.write("took\n");
  setTimeout(() => process.exit(0), Number(holdMs));
} catch (error) {
  process.stdout.write(`refused: ${(error as Error).message}\n`);
  process.exit(2);
}
