import type { Pacing } from "../config/load-config.js";
import { BudgetExhausted } from "../errors.js";

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
