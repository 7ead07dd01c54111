import { defineCheck } from "./check.js";

/**
 * Codes the API's table knows must agree with the status, at every level of the error. Unknown codes are not
 * findings: both pages say new codes appear. How much a mismatch counts is the table's to say: a deviation on
 * the core API, whose page contradicts itself.
 */
export const codeStatusCheck = defineCheck({
  name: "code-status",
  description: "Documented codes agree with the HTTP status, at every level of the error (the API's code tables).",
  rules: {
    mismatch: { severity: "violation", summary: "a code the table documents is sent with a status the table gives it" },
  },
  appliesTo: { errorBody: true, envelope: true },
  run(exchange, { contract, body }, report) {
    const status = exchange.response.status;
    for (const level of body.view!.levels) {
      const code = level.code?.value;
      if (typeof code !== "string" && typeof code !== "number") continue;
      const documented = contract.codes.lookup(String(code), level.depth);
      if (documented.length === 0 || documented.some((r) => r.status === status)) continue;
      const statuses = [...new Set(documented.map((r) => r.status))].join(" or ");
      const which = level.depth === 0 ? "code" : "inner code";
      report("mismatch", {
        title: `${which} ${code} is documented with ${statuses}, not ${status}`,
        expected: `${statuses} for ${code} (${documented[0]!.description})`,
        received: String(status),
        path: level.code!.pointer,
        severity: contract.codes.mismatch,
      });
    }
  },
});
