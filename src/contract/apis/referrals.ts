import { join } from "node:path";
import { CatalogError } from "../../errors.js";
import type { ApiProfile, CodeRow, ErrorSpec, ErrorView } from "../api-profile.js";
import { fieldValues, isObject, walkChain } from "../error-view.js";
import { dottedPath } from "../json-pointer.js";
import { shown } from "../read-data.js";
import { apimThrottleVariant, codeTable, documentedSet } from "./shared.js";

interface CodeEntry {
  code: string;
  status: number;
  meaning: string;
  contradictedBy?: { status: number; source: string }[];
}

interface CodesFile {
  topLevel: CodeEntry[];
  inner: CodeEntry[];
}

/** The inner error's key as the page spells it; other casings (Graph's innererror, the seed's InnerError) are found too. */
const CHAIN_KEY = "innerError";

function detailsOf(places: NonNullable<ErrorSpec["places"]>, byErrorName: boolean): Record<string, string[]>[] {
  const details: Record<string, string[]>[] = [];
  for (const { field, problem } of places) {
    const key = byErrorName ? "InvalidInput" : dottedPath(field) || "body";
    const entry = details.find((d) => key in d);
    if (entry) entry[key]!.push(problem);
    else details.push({ [key]: [problem] });
  }
  return details;
}

/**
 * The Referrals API (api.partner.microsoft.com/v1.0/engagements/referrals), App + User only:
 * `{"error": {code, message, target?, innerError: {code, message, details, innerError ...}}}`.
 */
export const referralsProfile: ApiProfile = {
  name: "referrals",
  title: "Referrals API",
  doc: { url: "https://learn.microsoft.com/partner-center/developer/referrals-api-response-codes", name: "Referrals API response codes" },
  pathPrefix: /^\/v1\.0\/engagements\/referrals(\/|$)/i,
  productionHosts: ["api.partner.microsoft.com"],
  origin: {
    variable: "PC_REFERRALS_BASE_URL",
    description: "Referrals API origin, e.g. https://api.partner.microsoft.com (default: PC_BASE_URL)",
    fallback: "core",
  },
  auth: {
    audience: "https://api.partner.microsoft.com",
    tokenVariable: "PC_REFERRALS_TOKEN",
    tokenDescription: "static bearer token for the Referrals API (default: PC_TOKEN)",
    tokenFallback: "core",
    defaultIdentity: "user",
    userOnly: true,
    otherAudience: "core",
  },
  preflight: { path: "/v1.0/engagements/referrals?$top=1", identity: "user" },
  unsupportedMediaTypeStatuses: [415],
  // referrals-api-response-codes: 99903 "missing input", 99909 "property is not nullable", 99901 "invalid input".
  faultCodes: { missing: "99903", null: "99909", invalid: "99901" },
  cleanup: [
    {
      collection: /^\/v1\.0\/engagements\/referrals\/?$/i,
      // A referral cannot be deleted, only closed: patch-a-referral closes one with two replace operations
      // (its example closes as Won; an accidental referral is closed as Lost).
      remove: (path) => ({
        method: "PATCH",
        path,
        body: [
          { op: "replace", path: "/status", value: "Closed" },
          { op: "replace", path: "/substatus", value: "Lost" },
        ],
      }),
      source: "https://learn.microsoft.com/partner-center/developer/patch-a-referral",
    },
  ],
  envelope: {
    shape: '{"error": {"code", "message", "target"?, "innerError"?}}',
    matches: (json) => isObject(json) && isObject(json.error),
    view(json): ErrorView {
      const error = (json as { error: Record<string, unknown> }).error;
      const chain = walkChain(error, "/error", "error", CHAIN_KEY);
      // target and field-like values name fields; a details key may name a field or an error (the page's
      // example keys details by error name), so it is a hint.
      const places = typeof error.target === "string" ? [error.target] : [];
      const hints: string[] = [];
      for (const level of chain.levels.slice(1)) {
        const details = isObject(level.value) && Array.isArray(level.value.details) ? level.value.details : [];
        for (const detail of details) {
          if (!isObject(detail)) continue;
          const fields = fieldValues(detail);
          if (fields.length) places.push(...fields);
          else hints.push(...Object.keys(detail));
        }
      }
      return {
        message: { pointer: "/error/message", value: error.message },
        ...chain,
        places,
        hints,
        placesAt: { pointer: "/error/innerError/details", name: "target or details" },
      };
    },
    topLevel(json) {
      const { error, ...rest } = json as { error: Record<string, unknown> };
      const top = Object.fromEntries(Object.entries(error).filter(([k]) => k.toLowerCase() !== CHAIN_KEY.toLowerCase()));
      return { ...rest, error: top };
    },
    chainKey: CHAIN_KEY,
    knownDeviations: [
      {
        rule: "null-optional",
        pointer: /^\/error\/target$/,
        keyword: "type",
        valueType: "null",
        title: () => "target is null (optional: 'where the error came from')",
      },
      {
        rule: "numeric-inner-code",
        scope: "level",
        pointer: /^\/code$/,
        keyword: "type",
        valueType: "number",
        title: () => "an inner code sent as a JSON number (the page: a numeric string)",
      },
    ],
    variants: [apimThrottleVariant],
    forms: [],
  },
  loadContract(source) {
    const statuses = source.statuses("referrals");
    const file = source.readChecked<CodesFile>("catalog/referrals-codes.json", "catalog/referrals-codes.schema.json");
    const rows = (list: CodeEntry[], level: 0 | 1): CodeRow[] => {
      const seen = new Set<string>();
      return list.map((r) => {
        if (seen.has(r.code)) throw new CatalogError(shown(join(source.dir, "catalog/referrals-codes.json")), `code ${r.code}`, "is listed twice");
        seen.add(r.code);
        return { code: r.code, status: r.status, description: r.meaning, level, ...(r.contradictedBy ? { contradictedBy: r.contradictedBy } : {}) };
      });
    };
    return {
      statuses,
      documented: documentedSet(statuses),
      codes: codeTable([...rows(file.topLevel, 0), ...rows(file.inner, 1)], "violation", { inner: /^\d+$/ }),
      headers: source.headers("referrals"),
      validate: source.schema("referrals-error.schema.json"),
      validateLevel: source.schema("referrals-error.schema.json", "#/$defs/innerErrorLevel"),
      variants: { [apimThrottleVariant.name]: source.schema("apim-throttle.schema.json") },
    };
  },
  renderError(spec) {
    const key = spec.innerKey ?? "innerError";
    let child: Record<string, unknown> | undefined;
    const inner = spec.inner ?? [];
    for (let i = inner.length - 1; i >= 0; i--) {
      const level = inner[i]!;
      const details = i === 0 && spec.places?.length ? detailsOf(spec.places, spec.placesAs === "error-names") : (level.details ?? null);
      const rendered: Record<string, unknown> = { ...(level.code !== undefined ? { code: level.code } : {}), message: level.message, details };
      if (child) rendered[key] = child;
      child = rendered;
    }
    const error: Record<string, unknown> = { ...(spec.code !== undefined ? { code: spec.code } : {}), message: spec.message };
    if (spec.nullOptional) error.target = null;
    else if (spec.target && spec.placesAs !== "error-names") error.target = spec.target;
    if (child) error[key] = child;
    return { error };
  },
};
