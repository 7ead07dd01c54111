import { spawn } from "node:child_process";
import { projectRoot } from "../contract/paths.js";

export interface SpawnedMock {
  url: string;
  /** What the mock printed when it started (never a secret). */
  banner: string;
  stop(): void;
}

/**
 * Starts `npm run mock` in a process group of its own on a free port, and resolves with the URL it prints
 * once it listens: for tests and the benchmark that need the mock outside their own process.
 */
export function spawnMock(flags: string[], env: NodeJS.ProcessEnv = process.env): Promise<SpawnedMock> {
  const child = spawn("npm", ["run", "--silent", "mock", "--", "--port", "0", ...flags], {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let banner = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      banner += d.toString();
      const url = / on (http:\/\/\S+)/.exec(banner)?.[1];
      if (url && banner.includes("Point the suite at it")) resolve({ url, banner, stop: () => process.kill(-child.pid!, "SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`the mock exited with ${code} before it listened`)));
  });
}
