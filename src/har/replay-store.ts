import type { Exchange } from "../transport/exchange.js";
import { fromHarEntry } from "./har.js";
import { readHar } from "./read-har.js";

/** The recorded exchanges of each probe, handed out in the order they were recorded. */
export class ReplayStore {
  private readonly byProbe = new Map<string, Exchange[]>();

  constructor(readonly file: string) {
    for (const entry of readHar(file).log.entries) {
      if (!entry._pcProbe) continue;
      const list = this.byProbe.get(entry._pcProbe) ?? [];
      list.push(fromHarEntry(entry));
      this.byProbe.set(entry._pcProbe, list);
    }
  }

  has(probeId: string): boolean {
    return (this.byProbe.get(probeId)?.length ?? 0) > 0;
  }

  next(probeId: string): Exchange | undefined {
    return this.byProbe.get(probeId)?.shift();
  }
}
