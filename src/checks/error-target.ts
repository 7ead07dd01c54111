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
 * data), it must name the field the request made invalid. Naming nothing is a deviation (details are
 * "optional"); naming only other fields is a violation: it sends the caller to the wrong field.
 */
export const errorTargetCheck = defineCheck({
  name: "error-target",
  description: "A validation error names the field the request made invalid (Referrals target/details, core data).",
  rules: {
    unnamed: { severity: "deviation", summary: "a validation error says which field is invalid" },
    "other-field": { severity: "violation", summary: "a validation error names the field the request made invalid, not another" },
  },
  appliesTo: { errorBody: true, envelope: true, pointers: true },
  run(exchange, { expect, body }, report) {
    // A server error says nothing about the request's fields.
    if (exchange.response.status >= 500) return;
    const { places, placesAt } = body.view!;
    const wanted = expect.pointers!.map((p) => placeSegments(p).join("."));
    if (places.length === 0) {
      report("unnamed", {
        title: "the error does not say which field is invalid",
        expected: wanted.join(" or "),
        received: `no ${placesAt.name}`,
        path: placesAt.pointer,
      });
    } else if (!places.some((place) => wanted.includes(placeSegments(place).join(".")))) {
      report("other-field", {
        title: "the error names another field than the one made invalid",
        expected: wanted.join(" or "),
        received: places.join(", "),
        path: placesAt.pointer,
      });
    }
  },
});
