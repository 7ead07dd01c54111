import { describe, expect, test } from "vitest";
import { BudgetExhausted } from "../src/errors.js";
import { Pacer, retryAfterMs } from "../src/pacing/pacer.js";

describe("pacer", () => {
  test("stops at the request budget, naming it", async () => {
    const pacer = new Pacer({ maxRequests: 2, maxRetryWaitMs: 1000, requestTimeoutMs: 15_000 });
    await pacer.beforeRequest();
    await pacer.beforeRequest();
    await expect(pacer.beforeRequest()).rejects.toThrow(new BudgetExhausted("the request budget of 2 is spent (PC_MAX_REQUESTS)"));
  });

  test("calls the target unavailable after failures in a row, from the first of them; an answer in between resets the count; 0 never", () => {
    const pacer = new Pacer({ maxRetryWaitMs: 1000, requestTimeoutMs: 15_000, stopAfterFailures: 3 });
    const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 10, 0, s));
    pacer.sawFailure(at(1));
    pacer.sawFailure(at(2));
    pacer.sawAnswer();
    pacer.sawFailure(at(3));
    pacer.sawFailure(at(4));
    expect(pacer.unavailableSince()).toBeUndefined();
    pacer.sawFailure(at(5));
    expect(pacer.unavailableSince()).toEqual({ since: at(3), failures: 3 });
    pacer.sawAnswer();
    expect(pacer.unavailableSince()).toEqual({ since: at(3), failures: 3 });
    const never = new Pacer({ maxRetryWaitMs: 1000, requestTimeoutMs: 15_000, stopAfterFailures: 0 });
    for (let i = 0; i < 50; i++) never.sawFailure();
    expect(never.unavailableSince()).toBeUndefined();
    const byDefault = new Pacer({ maxRetryWaitMs: 1000, requestTimeoutMs: 15_000 });
    for (let i = 0; i < 4; i++) byDefault.sawFailure();
    expect(byDefault.unavailableSince()).toBeUndefined();
    byDefault.sawFailure();
    expect(byDefault.unavailableSince()?.failures).toBe(5);
  });

  test("stops when the time budget is spent", async () => {
    const pacer = new Pacer({ timeBudgetMs: 0, maxRetryWaitMs: 1000, requestTimeoutMs: 15_000 });
    await expect(pacer.beforeRequest()).rejects.toThrow(/time budget of 0 s is spent/);
  });

  test("refuses a Retry-After longer than the cap or the time left", () => {
    expect(new Pacer({ maxRetryWaitMs: 120_000, requestTimeoutMs: 15_000 }).refuseWait(30_000)).toBeUndefined();
    expect(new Pacer({ maxRetryWaitMs: 120_000, requestTimeoutMs: 15_000 }).refuseWait(300_000)).toMatch(
      /Retry-After of 300 s is longer than PC_MAX_RETRY_WAIT \(120 s\)/,
    );
    expect(new Pacer({ maxRetryWaitMs: 120_000, timeBudgetMs: 10_000, requestTimeoutMs: 15_000 }).refuseWait(30_000)).toMatch(/overrun PC_TIME_BUDGET/);
  });

  test.each([
    ["57", 57_000],
    ["0", 0],
    ["Sun, 22 Nov 2026 10:00:30 GMT", 30_000],
    ["soon", undefined],
    [undefined, undefined],
  ])("Retry-After %s is %s ms", (value, ms) => {
    expect(retryAfterMs(value, Date.parse("Sun, 22 Nov 2026 10:00:00 GMT"))).toBe(ms);
  });
});
