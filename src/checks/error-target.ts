import { defineCheck } from "./check.js";

/** "customerProfile.team[0].emailAddress", "/customerProfile/team/0/emailAddress", "$.customerProfile..." → the same segments. */
export function placeSegments(place: string): string[] {
  const text = place
    .trim()
    .replace(/^\$\.?/, "")
    .replace(/^#/, "");
  const parts = text.startsWith("/")
    ? text
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    : text.replace(/\[(\d+)\]/g, ".$1").split(".");
  return parts.filter((s) => s !== "").map((s) => s.toLowerCase());
}

/**
 * Where the contract gives the error a place to say which field is wrong (Referrals target and details, core
 * data), it should name the field the request made invalid. Only a response that positively names another field
 * fails: naming nothing is a deviation (details are "optional"), and so are keys that may name a field or an
 * error (the Referrals page keys details by error name) and string data items.
 */
export const errorTargetCheck = defineCheck({
  name: "error-target",
  description: "A validation error names the field the request made invalid (Referrals target/details, core data).",
  rules: {
    unnamed: { severity: "deviation", summary: "a validation error says which field is invalid" },
    unreadable: {
      severity: "deviation",
      summary: "a validation error names its field in a form that can be read as one (not a key that may be an error name)",
    },
    "other-field": { severity: "violation", summary: "a validation error names the field the request made invalid, not another" },
  },
  appliesTo: { errorBody: true, envelope: true, pointers: true },
  run(exchange, { expect, body }, report) {
    // A server error says nothing about the request's fields.
    if (exchange.response.status >= 500) return;
    const { places, hints, placesAt } = body.view!;
    const wanted = expect.pointers!.map((p) => placeSegments(p).join("."));
    const names = (list: readonly string[]) => list.some((place) => wanted.includes(placeSegments(place).join(".")));
    if (names(places) || names(hints)) return;
    const expected = wanted.join(" or ");
    if (places.length) {
      report("other-field", {
        title: "the error names another field than the one made invalid",
        expected,
        received: places.join(", "),
        path: placesAt.pointer,
      });
    } else if (hints.length) {
      report("unreadable", { title: "cannot tell which field the error names", expected, received: hints.join(", "), path: placesAt.pointer });
    } else {
      report("unnamed", { title: "the error does not say which field is invalid", expected, received: `no ${placesAt.name}`, path: placesAt.pointer });
    }
  },
});
