import { defineCheck } from "./check.js";

const list = (statuses: readonly number[]) => statuses.join(" or ");

/**
 * The status is judged first and alone (as Hurl does): when it is wrong, the body and header checks are not
 * run, so one wrong status gives one finding. The most specific rule that is broken is the one reported.
 */
export const statusCheck = defineCheck({
  name: "status",
  description: "The status is one the case may get and one the API documents; a bad request never gets a 2xx, a client fault never a 5xx.",
  gate: true,
  rules: {
    "edge-not-rejected": { severity: "violation", summary: "an input the pages give no status is still never accepted where a refusal is expected" },
    "edge-server-error": { severity: "violation", summary: "an input the pages give no status is never answered with a 5xx" },
    "expected-undocumented": { severity: "violation", summary: "an expected error status is one the API documents" },
    tolerated: { severity: "deviation", summary: "a framework-level status the API's page does not list (core 411, 413, 415)" },
    "accepted-uncertain": {
      severity: "deviation",
      summary: "a request the documents do not make invalid (a coercible value, a limit only this project's schema states) was accepted",
    },
    redirected: { severity: "violation", summary: "a deliberately bad request is rejected, not redirected" },
    "not-rejected": { severity: "violation", summary: "a deliberately bad request is never answered with a 2xx" },
    "server-error": { severity: "violation", summary: "a client fault is never answered with a 5xx" },
    undocumented: { severity: "violation", summary: "a status neither expected nor documented for the API" },
    wrong: { severity: "violation", summary: "the status is the one documented for the fault" },
  },
  run({ response }, { api, contract, expect }, report) {
    const status = response.status;
    const documented = contract.documented;
    const expected = list(expect.statuses);
    const at = { received: String(status), path: "status" };
    const rejectionExpected = expect.statuses.every((s) => s >= 400);
    if (expect.edge) {
      // The edge contract: a gateway may answer with any 4xx (414, 431, 413) the API's pages do not list.
      const contract = `never 2xx${rejectionExpected ? "" : " unless the usual answer"}, never 5xx (the pages give this input no status)`;
      if (status >= 500) report("edge-server-error", { title: "an edge input was answered with a server error", expected: contract, ...at });
      else if (status < 400 && rejectionExpected && !expect.tolerated?.includes(status))
        report("edge-not-rejected", { title: "an edge input that must be refused was not", expected: contract, ...at });
      return;
    }
    if (expect.statuses.includes(status)) {
      if (status >= 400 && !documented.has(status)) {
        const tolerated = contract.statuses.tolerated?.find((t) => t.status === status);
        if (tolerated)
          report("tolerated", {
            title: `${status} is not a status the ${api.name} API's page lists (${tolerated.source})`,
            expected: `one of ${[...documented].join(", ")}`,
            ...at,
          });
        else
          report("expected-undocumented", {
            title: `${status} is not a documented status of the ${api.name} API`,
            expected: `one of ${[...documented].join(", ")}`,
            ...at,
          });
      }
      return;
    }
    if (expect.tolerated?.includes(status)) {
      report("accepted-uncertain", {
        title:
          status < 400
            ? "accepted a request the documents do not make invalid (a coercible value, or a limit only this project's schema states)"
            : "refused a request the documents do not make invalid",
        expected: `${expected} (or ${list(expect.tolerated)} from a lenient service)`,
        ...at,
      });
      return;
    }
    if (status >= 300 && status < 400 && rejectionExpected) {
      // Not followed: a redirect must not carry the Authorization header to wherever it points.
      const location = response.headers.location?.[0] ?? "no Location";
      report("redirected", {
        title: "a deliberately bad request was redirected instead of rejected (not followed)",
        expected,
        received: `${status} → ${location}`,
        path: "status",
      });
    } else if (status < 400 && rejectionExpected) {
      report("not-rejected", { title: "a deliberately bad request was not rejected", expected, ...at });
    } else if (status >= 500 && expect.statuses.every((s) => s < 500)) {
      report("server-error", { title: "a client fault was answered with a server error", expected, ...at });
    } else if (!documented.has(status)) {
      report("undocumented", { title: `${status} is neither expected for this fault nor documented for the ${api.name} API`, expected, ...at });
    } else {
      report("wrong", { title: "wrong status for the fault", expected, ...at });
    }
  },
});
