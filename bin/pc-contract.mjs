#!/usr/bin/env node
// The pc-contract command: runs the TypeScript sources through tsx, as the suite does.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
