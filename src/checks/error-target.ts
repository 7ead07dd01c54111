import { finding, hasErrorBody, type Check } from "./types.js";

type Json = Record<string, unknown>;

/** "customerProfile.team[0].emailAddress", "/customerProfile/team/0/emailAddress", "$.customerProfile..." → the same segments. */
export function placeSegments(place: string): string[] {
  const text = place.trim().replace(/^\$\.?/, "").replace(/^#/, "");
  const parts = text.startsWith("/") ? text.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")) : text.replace(/\[(\d+)\]/g, ".$1").split(".");
  return parts.filter((s) => s !== "").map((s) => s.toLowerCase());
}

const FIELD_KEYS = ["field", "target", "name", "path", "property", "propertyName"];

/** Places a core error names: `data` items' field-like values (the envelope's "list of error objects"). */
function corePlaces(body: Json): string[] {
  const data = Array.isArray(body.data) ? body.data : [];
  return data.flatMap((item) =>
    item !== null && typeof item === "object" ? FIELD_KEYS.map((k) => (item as Json)[k]).filter((v): v is string => typeof v === "string") : [],
  );
}

/** Places a Referrals error names: `target`, and the keys (or field-like values) of `details` at every innerError level. */
function referralsPlaces(body: Json): string[] {
  const error = body.error as Json;
  const places: string[] = typeof error.target === "string" ? [error.target] : [];
  let level: unknown = error.innerError ?? error.innererror;
  for (let depth = 0; depth < 64 && level !== null && typeof level === "object"; depth++) {
    const l = level as Json;
    if (typeof l.target === "string") places.push(l.target);
    for (const detail of Array.isArray(l.details) ? l.details : []) {
      if (detail === null || typeof detail !== "object") continue;
      const fields = FIELD_KEYS.map((k) => (detail as Json)[k]).filter((v): v is string => typeof v === "string");
      places.push(...(fields.length ? fields : Object.keys(detail as Json)));
    }
    level = l.innerError ?? l.innererror;
  }
  return places;
}

/**
 * Where the contract gives the error a place to say which field is wrong (Referrals target and details, core
 * data), it must name the field the request made invalid. Naming nothing is a deviation (details are
 * "optional"); naming only other fields is a violation: it sends the caller to the wrong field.
 */
export const errorTargetCheck: Check = {
  name: "error-target",
  description: "A validation error names the field the request made invalid (Referrals target/details, core data).",
  run(exchange, { api, body, expect }) {
    const pointers = expect.pointers ?? [];
    if (!pointers.length || !hasErrorBody(exchange) || exchange.response.status >= 500 || body.shape !== api) return [];
    const json = body.json as Json;
    const places = api === "core" ? corePlaces(json) : referralsPlaces(json);
    const path = api === "core" ? "/data" : "/error/innerError/details";
    const wanted = pointers.map((p) => placeSegments(p).join("."));
    if (places.length === 0) {
      return [finding("error-target", "deviation", "the error does not say which field is invalid", wanted.join(" or "), `no ${api === "core" ? "data" : "target or details"}`, path)];
    }
    if (places.some((place) => wanted.includes(placeSegments(place).join(".")))) return [];
    return [finding("error-target", "violation", "the error names another field than the one made invalid", wanted.join(" or "), places.join(", "), path)];
  },
};
