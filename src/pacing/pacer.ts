import type { Pacing } from "../config/load-config.js";
import { BudgetExhausted } from "../errors.js";

/** Transport or auth failures in a row after which a run calls its target unavailable (PC_STOP_AFTER_FAILURES). */
export const DEFAULT_STOP_AFTER_FAILURES = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Politeness toward a live target: requests spaced to a rate, a request budget and a time budget for the
 * run, and a cap on how long a Retry-After may make it wait. Requests go one at a time (a probe awaits its
 * exchange), so the rate is also the concurrency bound.
 */
export class Pacer {
  private readonly started = Date.now();
  private nextSlot = 0;
  requests = 0;

  constructor(private readonly pacing: Pacing) {}

  async beforeRequest(): Promise<void> {
    const { maxRequests, timeBudgetMs, ratePerSecond } = this.pacing;
    if (maxRequests !== undefined && this.requests >= maxRequests) throw new BudgetExhausted(`the request budget of ${maxRequests} is spent (PC_MAX_REQUESTS)`);
    if (timeBudgetMs !== undefined && Date.now() - this.started >= timeBudgetMs)
      throw new BudgetExhausted(`the time budget of ${timeBudgetMs / 1000} s is spent (PC_TIME_BUDGET)`);
    this.requests++;
    if (ratePerSecond === undefined) return;
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 1000 / ratePerSecond;
    if (at > now) await sleep(at - now);
  }

  private failures: Date[] = [];
  private downSince: Date | undefined;

  /**
   * The target's health as the run sees it: after `stopAfterFailures` transport or auth failures in a row the
   * target is called unavailable, from the first of them, and nothing more is sent. Any answer resets the count.
   */
  sawAnswer(): void {
    if (!this.downSince) this.failures = [];
  }

  sawFailure(at = new Date()): void {
    const limit = this.pacing.stopAfterFailures ?? DEFAULT_STOP_AFTER_FAILURES;
    this.failures.push(at);
    if (limit > 0 && this.failures.length >= limit && !this.downSince) this.downSince = this.failures[0];
  }

  /** When the target became unavailable, if it did: the rest of the run is not judged. */
  unavailableSince(): { since: Date; failures: number } | undefined {
    return this.downSince ? { since: this.downSince, failures: this.failures.length } : undefined;
  }

  /** Why a wait of `ms` cannot be afforded, or undefined when it can. */
  refuseWait(ms: number): string | undefined {
    if (ms > this.pacing.maxRetryWaitMs)
      return `Retry-After of ${Math.ceil(ms / 1000)} s is longer than PC_MAX_RETRY_WAIT (${this.pacing.maxRetryWaitMs / 1000} s)`;
    const budget = this.pacing.timeBudgetMs;
    if (budget !== undefined && Date.now() - this.started + ms >= budget) return `waiting ${Math.ceil(ms / 1000)} s would overrun PC_TIME_BUDGET`;
    return undefined;
  }
}

/** Retry-After as milliseconds from now (delay-seconds or HTTP-date), or undefined when absent or malformed. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
