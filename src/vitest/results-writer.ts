import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringifyEnvInfo } from "allure-js-commons/sdk/reporter";

/**
 * Allure's results writer without its fsync per file. allure-js-commons opens, writes, fsyncs and renames every
 * result and attachment; run in vitest's main process, beside the bundled mock, those synchronous fsyncs held the
 * mock's event loop for about 4 s of a 1 900-case run. Each file is still written whole under a temporary name and
 * renamed into place, so a killed run leaves no half-written file; only an operating-system crash could lose the
 * last writes, and a run it interrupts is rerun anyway.
 */
export class ResultsWriter {
  private made = false;

  constructor(private readonly resultsDir: string) {}

  private place(name: string, write: (temporary: string) => void): void {
    if (!this.made) {
      mkdirSync(this.resultsDir, { recursive: true });
      this.made = true;
    }
    const path = join(this.resultsDir, name);
    const temporary = join(this.resultsDir, `.pc-contract-${process.pid}-${name}.tmp`);
    try {
      write(temporary);
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  private json(name: string, value: unknown): void {
    this.place(name, (t) => writeFileSync(t, JSON.stringify(value), "utf-8"));
  }

  writeAttachment(name: string, content: Buffer | string): void {
    this.place(name, (t) => writeFileSync(t, content));
  }

  writeAttachmentFromPath(name: string, from: string): void {
    this.place(name, (t) => copyFileSync(from, t));
  }

  writeEnvironmentInfo(info: Record<string, string | undefined>): void {
    this.place("environment.properties", (t) => writeFileSync(t, stringifyEnvInfo(info), "utf-8"));
  }

  writeCategoriesDefinitions(categories: unknown): void {
    this.json("categories.json", categories);
  }

  writeGroup(result: { uuid: string }): void {
    this.json(`${result.uuid}-container.json`, result);
  }

  writeResult(result: { uuid: string }): void {
    this.json(`${result.uuid}-result.json`, result);
  }

  writeGlobals(name: string, info: unknown): void {
    this.json(name, info);
  }
}
