import { documentedStatuses } from "../contract/load-catalog.js";
import { finding, type Check } from "./types.js";

const list = (statuses: number[]) => statuses.join(" or ");

/**
 * The status is judged first and alone (as Hurl does): when it is wrong, the body and header checks are
 * not run, so one wrong status gives one finding. The most specific rule that is broken is the one reported.
 */
export const statusCheck: Check = {
  name: "status",
  description: "The status is one the probe may get and one the API documents; a bad request never gets a 2xx, a client fault never a 5xx.",
  run({ response }, { api, expect, catalog }) {
    const status = response.status;
    const documented = documentedStatuses(catalog, api);
    const expected = list(expect.statuses);
    if (expect.statuses.includes(status)) {
      if (status >= 400 && !documented.has(status)) {
        return [finding("status", "violation", `${status} is not a documented status of the ${api} API`, `one of ${[...documented].join(", ")}`, String(status), "status")];
      }
      return [];
    }
    if (status >= 300 && status < 400 && expect.statuses.every((s) => s >= 400)) {
      // Not followed: a redirect must not carry the Authorization header to wherever it points.
      const location = response.headers.location?.[0] ?? "no Location";
      return [finding("status", "violation", "a deliberately bad request was redirected instead of rejected (not followed)", expected, `${status} → ${location}`, "status")];
    }
    if (status < 400 && expect.statuses.every((s) => s >= 400)) {
      return [finding("status", "violation", "a deliberately bad request was not rejected", expected, String(status), "status")];
    }
    if (status >= 500 && expect.statuses.every((s) => s < 500)) {
      return [finding("status", "violation", "a client fault was answered with a server error", expected, String(status), "status")];
    }
    if (!documented.has(status)) {
      return [finding("status", "violation", `${status} is neither expected for this fault nor documented for the ${api} API`, expected, String(status), "status")];
    }
    return [finding("status", "violation", "wrong status for the fault", expected, String(status), "status")];
  },
};
