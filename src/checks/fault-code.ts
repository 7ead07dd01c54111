import { defineCheck } from "./check.js";

export const faultCodeCheck = defineCheck({
  name: "fault-code",
  description:
    "A 400 for a body the request broke carries the inner code the API's page gives for that fault (Referrals: 99903 missing input, 99909 property is not nullable, 99901 invalid input).",
  rules: {
    "wrong-inner-code": {
      severity: "violation",
      summary: "the inner code names the fault the request made (referrals-api-response-codes: 99903 missing, 99909 not nullable, 99901 invalid)",
    },
  },
  appliesTo: { errorBody: true, envelope: true },
  run({ response }, { expect, body, contract }, report) {
    const wanted = expect.faultCodes;
    if (!wanted?.length || response.status !== 400) return;
    // The first inner level's code: the fault. No inner error, or one without a code, is the inner-error check's to report.
    const inner = body.view!.levels.find((l) => l.depth === 1)?.code;
    if (!inner || inner.value === undefined || inner.value === null) return;
    if (wanted.includes(String(inner.value))) return;
    // A code no table lists is the code-status check's (a deviation, as every undocumented code is), not a wrong fault.
    if (contract.codes.lookup(String(inner.value), 1).length === 0) return;
    report("wrong-inner-code", {
      title: `the inner code ${JSON.stringify(inner.value)} is not the one the page gives for this fault`,
      expected: wanted.join(" or "),
      received: JSON.stringify(inner.value),
      path: inner.pointer,
    });
  },
});
