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
