import { copyFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringifyEnvInfo } from "allure-js-commons/sdk/reporter";

/** Files written at once: enough to keep the disk busy. */
const IN_FLIGHT = 16;
/** Bytes the queue may hold (a 1 900-case run writes about 24 MB) before writes are made at once, synchronously: a run whose every case failed with a
 * large body must not hold all its evidence twice (the hostile bench's 512 MB bound). */
const QUEUED_BYTES = 32 * 1024 * 1024;

/**
 * Allure's results writer, asynchronous and without its fsync per file. allure-vitest writes every result and
 * attachment when the run ends, in vitest's main process; allure-js-commons opens, writes, fsyncs and renames
 * each synchronously, which held that process (and the bundled mock in it) for 4 s or more of a 1 900-case
 * run. Here each file is written whole under a temporary name and renamed into place, sixteen at a time, off the
 * event loop: a killed run leaves no half-written file; only an operating-system crash could lose the last
 * writes, and a run it interrupts is rerun anyway. `settled()` is what the run waits for before it exits.
 */
export class ResultsWriter {
  private made: Promise<unknown> | undefined;
  private readonly queue: (() => Promise<void>)[] = [];
  private running = 0;
  private readonly idle = new Set<() => void>();
  private serial = 0;
  private queuedBytes = 0;

  constructor(
    private readonly resultsDir: string,
    /** A write that failed (a full disk): the reporter removes the folder rather than leave part of it. */
    private readonly failed: (error: unknown) => void,
  ) {}

  private place(name: string, size: number, write: (temporary: string) => Promise<void>, writeNow: (temporary: string) => void): void {
    const path = join(this.resultsDir, name);
    const temporary = join(this.resultsDir, `.pc-contract-${process.pid}-${this.serial++}.tmp`);
    if (this.queuedBytes + size > QUEUED_BYTES) return this.placeNow(path, temporary, writeNow);
    this.made ??= mkdir(this.resultsDir, { recursive: true });
    this.queuedBytes += size;
    this.queue.push(async () => {
      try {
        await this.made;
        await write(temporary);
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        this.failed(error);
      } finally {
        this.queuedBytes -= size;
      }
    });
    this.next();
  }

  /** The same, at once: the queue is full. */
  private placeNow(path: string, temporary: string, writeNow: (temporary: string) => void): void {
    try {
      mkdirSync(this.resultsDir, { recursive: true });
      writeNow(temporary);
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      this.failed(error);
    }
  }

  private next(): void {
    while (this.running < IN_FLIGHT && this.queue.length) {
      const job = this.queue.shift()!;
      this.running++;
      void job().finally(() => {
        this.running--;
        this.next();
      });
    }
    if (this.running === 0 && this.queue.length === 0) for (const resolve of this.idle) resolve();
  }

  /** Resolves when every write issued so far is done. */
  settled(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.idle.delete(done);
        resolve();
      };
      this.idle.add(done);
    });
  }

  private content(name: string, content: string | Buffer): void {
    this.place(
      name,
      Buffer.byteLength(content),
      (t) => writeFile(t, content),
      (t) => writeFileSync(t, content),
    );
  }

  private json(name: string, value: unknown): void {
    this.content(name, JSON.stringify(value));
  }

  writeAttachment(name: string, content: Buffer | string): void {
    this.content(name, content);
  }

  writeAttachmentFromPath(name: string, from: string): void {
    this.place(
      name,
      statSync(from).size,
      (t) => copyFile(from, t),
      (t) => copyFileSync(from, t),
    );
  }

  writeEnvironmentInfo(info: Record<string, string | undefined>): void {
    this.content("environment.properties", stringifyEnvInfo(info));
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
