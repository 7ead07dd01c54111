import { defineCheck } from "./check.js";

/**
 * Codes the API's table knows must agree with the status, at every level of the error. How much a mismatch
 * counts is the table's to say: a deviation on the core API, whose page contradicts itself (3000 is 400 in the
 * table and 404 in an example; 20002 is 403 in the table and 400 in real traffic); on Referrals a violation,
 * but a deviation where the documents give the code two statuses. A code the table does not know is a
 * deviation where the table gives codes for that status (the pages say new codes appear), and nothing where it
 * gives none.
 */
export const codeStatusCheck = defineCheck({
  name: "code-status",
  description: "Documented codes agree with the HTTP status, at every level of the error (the API's code tables).",
  rules: {
    mismatch: { severity: "violation", summary: "a code the table documents is sent with a status the table gives it (core: a deviation)" },
    contradicted: {
      severity: "deviation",
      summary: "a code sent with a status the documents give it in one place and deny it in another (resourceModified on a 412)",
    },
    "unknown-code": { severity: "deviation", summary: "a code the tables do not list, for a status they list codes for" },
  },
  appliesTo: { errorBody: true, envelope: true },
  run(exchange, { contract, body }, report) {
    const status = exchange.response.status;
    const table = contract.codes;
    for (const level of body.view!.levels) {
      const code = level.code?.value;
      if (typeof code !== "string" && typeof code !== "number") continue;
      const text = String(code);
      const which = level.depth === 0 ? "code" : "inner code";
      const path = level.code!.pointer;
      const documented = table.lookup(text, level.depth);
      if (documented.length === 0) {
        // A code in the wrong form is the schema's to report (a non-numeric Referrals inner code).
        if (table.documentsStatus(status, level.depth) && (table.codeForm?.(level.depth)?.test(text) ?? true)) {
          report("unknown-code", {
            title: `${which} ${text} is not in the table for ${status}`,
            expected: `a code the table lists for ${status}`,
            received: text,
            path,
          });
        }
        continue;
      }
      if (documented.some((r) => r.status === status)) continue;
      const statuses = [...new Set(documented.map((r) => r.status))].join(" or ");
      const contradiction = documented.flatMap((r) => r.contradictedBy ?? []).find((c) => c.status === status);
      const expected = `${statuses} for ${text} (${documented[0]!.description})`;
      if (contradiction) {
        report("contradicted", {
          title: `${which} ${text} is documented with ${statuses}, and with ${status} where ${contradiction.source}`,
          expected,
          received: String(status),
          path,
        });
      } else {
        report("mismatch", {
          title: `${which} ${text} is documented with ${statuses}, not ${status}`,
          expected,
          received: String(status),
          path,
          severity: table.mismatch,
        });
      }
    }
  },
});
