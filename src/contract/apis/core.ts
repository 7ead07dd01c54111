import { join } from "node:path";
import { CatalogError } from "../../errors.js";
import type { ApiProfile, CodeRow, ErrorView } from "../api-profile.js";
import { shown } from "../read-data.js";
import { fieldValues, isObject, walkChain } from "../error-view.js";
import { apimThrottleVariant, codeTable, documentedSet } from "./shared.js";

const TSV = "catalog/core-error-codes.tsv";
/** Codes documented on operation pages, not in the code table (2000 on verify-indirect-reseller-mpa-status, ...). */
const PAGE_TSV = "catalog/core-page-codes.tsv";
const TSV_HEADER = ["http_status", "code", "description", "first_documented"];

/** Parses the core numeric table. Exact duplicate rows are refused; the same (status, code) with two wordings is kept. */
export function parseCoreCodes(text: string, file: string): CodeRow[] {
  const lines = text.split(/\r?\n/);
  if (lines[0] !== TSV_HEADER.join("\t")) {
    throw new CatalogError(file, "line 1", `expected the header "${TSV_HEADER.join("\\t")}", found "${lines[0] ?? ""}"`);
  }
  const rows: CodeRow[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((line, index) => {
    const lineNo = index + 2;
    if (line.trim() === "") return;
    const [status, code, description] = line.split("\t");
    if (!/^[1-5]\d\d$/.test(status ?? "")) throw new CatalogError(file, `line ${lineNo}`, `http_status "${status}" is not an HTTP status`);
    if (!/^\d+$/.test(code ?? "")) throw new CatalogError(file, `line ${lineNo}`, `code "${code}" is not a number`);
    if (!description) throw new CatalogError(file, `line ${lineNo}`, "description is empty");
    const previous = seen.get(line);
    if (previous !== undefined) throw new CatalogError(file, `line ${lineNo}`, `duplicates line ${previous} exactly`);
    seen.set(line, lineNo);
    rows.push({ status: Number(status), code: code!, description, level: 0 });
  });
  return rows;
}

/** Parses the operation pages' codes: http_status, code, description, page. */
export function parsePageCodes(text: string, file: string): CodeRow[] {
  const [header, ...lines] = text.split(/\r?\n/);
  if (header !== "http_status\tcode\tdescription\tpage")
    throw new CatalogError(file, "line 1", `expected the header "http_status\\tcode\\tdescription\\tpage", found "${header ?? ""}"`);
  return lines.flatMap((line, index) => {
    if (line.trim() === "") return [];
    const [status, code, description, page] = line.split("\t");
    if (!/^[1-5]\d\d$/.test(status ?? "") || !/^\d+$/.test(code ?? "") || !description || !/^https:\/\//.test(page ?? "")) {
      throw new CatalogError(file, `line ${index + 2}`, "needs an HTTP status, a numeric code, a description and the page's https URL");
    }
    return [{ status: Number(status), code: code!, description: `${description} (${page})`, level: 0 as const }];
  });
}

/** The core API (api.partnercenter.microsoft.com/v1): a flat `{code, description, data[], source}`, no inner chain. */
export const coreProfile: ApiProfile = {
  name: "core",
  title: "Core API",
  doc: { url: "https://learn.microsoft.com/partner-center/developer/error-codes", name: "Partner Center REST error codes" },
  pathPrefix: /^\/v1(\/|$)/i,
  // partner-center-rest-urls: the global host and the 21Vianet one (PowerShell EnvironmentConstants).
  productionHosts: ["api.partnercenter.microsoft.com", "partner.partnercenterapi.microsoftonline.cn"],
  origin: { variable: "PC_BASE_URL", description: "core API origin, e.g. https://api.partnercenter.microsoft.com (default: the bundled mock)" },
  auth: {
    audience: "https://api.partnercenter.microsoft.com",
    tokenVariable: "PC_TOKEN",
    tokenDescription: "static bearer token for the core API",
    defaultIdentity: "app",
    userOnly: false,
    otherAudience: "referrals",
  },
  preflight: { path: "/v1/customers?size=1", identity: "app" },
  // The core page documents no 415: 400 is its answer; ASP.NET answers 415 before any handler (a tolerated status).
  unsupportedMediaTypeStatuses: [400, 415],
  cleanup: [
    {
      collection: /^\/v1\/customers\/?$/i,
      remove: (path) => ({ method: "DELETE", path }),
      source: "https://learn.microsoft.com/partner-center/developer/delete-a-customer (integration sandbox only)",
    },
    {
      collection: /^\/v1\/customers\/[^/]+\/users\/?$/i,
      remove: (path) => ({ method: "DELETE", path }),
      source: "https://learn.microsoft.com/partner-center/developer/delete-user-accounts-for-a-customer",
    },
    {
      collection: /^\/v1\/customers\/[^/]+\/carts\/?$/i,
      remove: () => ({ expires: "a cart that is never checked out expires on its own" }),
      source: "https://learn.microsoft.com/partner-center/developer/create-a-cart",
    },
    {
      collection: /^\/v1\/customers\/[^/]+\/orders\/?$/i,
      remove: (path) => ({ method: "PATCH", path, body: { status: "cancelled" } }),
      source: "https://learn.microsoft.com/partner-center/developer/cancel-an-order-from-the-integration-sandbox (integration sandbox only)",
    },
    {
      collection: /^\/v1\/customers\/[^/]+\/policies\/?$/i,
      remove: (path) => ({ method: "DELETE", path }),
      source: "https://learn.microsoft.com/partner-center/developer/delete-a-configuration-policy-for-the-specified-customer",
    },
    {
      collection: /^\/v1\/selfservepolicy\/?$/i,
      remove: (path) => ({ method: "DELETE", path }),
      source: "https://learn.microsoft.com/partner-center/developer/delete-a-self-serve-policy",
    },
    {
      collection: /^\/v1\/customers\/[^/]+\/agreements\/?$/i,
      // Nothing to call: a confirmation records the customer's acceptance, and goes with the customer.
      remove: () => ({ expires: "an agreement confirmation is a record of the customer's acceptance, with no removal call; it goes when the customer does" }),
      source: "https://learn.microsoft.com/partner-center/developer/confirm-customer-consent-customer-agreement",
    },
  ],
  envelope: {
    shape: '{"code", "description", "data"[], "source"}',
    matches: (json) => isObject(json) && "code" in json && ("description" in json || "source" in json || "message" in json),
    view(json): ErrorView {
      const body = json as Record<string, unknown>;
      const data = Array.isArray(body.data) ? body.data : [];
      // The extended form may carry message without description: the bounded text is whichever is there.
      const message =
        "description" in body || !("message" in body) ? { pointer: "/description", value: body.description } : { pointer: "/message", value: body.message };
      return {
        message,
        ...walkChain(body, "", ""),
        // data is "a list of error objects": the fields they name; doc examples and real traffic put strings there.
        places: data.flatMap((item) => (isObject(item) ? fieldValues(item) : [])),
        hints: data.filter((item): item is string => typeof item === "string"),
        placesAt: { pointer: "/data", name: "data" },
      };
    },
    topLevel: (json) => json,
    knownDeviations: [
      {
        rule: "numeric-code",
        pointer: /^\/code$/,
        keyword: "type",
        valueType: "number",
        title: () => "numeric code (the service's swagger, doc examples and the code table use numbers)",
      },
      {
        rule: "string-data-item",
        pointer: /^\/data\/\d+$/,
        keyword: "type",
        valueType: "string",
        title: () => "a string item in data (doc examples use strings; the envelope says error objects)",
      },
      {
        rule: "null-optional",
        pointer: /^\/data$/,
        keyword: "type",
        valueType: "null",
        title: () => "data is null (optional: 'only returned for some error types'; the .NET SDK ignores a null)",
      },
    ],
    variants: [apimThrottleVariant],
    forms: [
      {
        name: "extended",
        rule: "documented-form",
        matches: (json) => isObject(json) && ("errorName" in json || "isRetryable" in json),
        title:
          "the extended form {code, message, description, errorName, isRetryable, ...} official pages show (confirm-customer-consent-customer-agreement, retrieve-validation-status), without data and source",
      },
    ],
  },
  loadContract(source) {
    const statuses = source.statuses("core");
    // The core page contradicts itself (3000 is 400 in the table and 404 in the worked example; 20002 is 403 in
    // the table and 400 in real traffic): a code with another status is a deviation.
    const rows = [
      ...parseCoreCodes(source.readText(TSV), shown(join(source.dir, TSV))),
      ...parsePageCodes(source.readText(PAGE_TSV), shown(join(source.dir, PAGE_TSV))),
    ];
    return {
      statuses,
      documented: documentedSet(statuses),
      codes: codeTable(rows, "deviation"),
      headers: source.headers("core"),
      validate: source.schema("core-error.schema.json"),
      variants: { [apimThrottleVariant.name]: source.schema("apim-throttle.schema.json"), extended: source.schema("core-error-extended.schema.json") },
    };
  },
  renderError(spec) {
    const code = spec.code !== undefined ? { code: spec.code } : {};
    if (spec.form === "extended") {
      return {
        ...code,
        message: spec.message,
        description: spec.message,
        errorName: `Error${String(spec.code ?? "")}`,
        isRetryable: false,
        parameters: {},
        errorMessageExtended: `InternalErrorCode=${String(spec.code)}`,
      };
    }
    const places = spec.places ?? [];
    const data = spec.nullOptional
      ? null
      : spec.placesAs === "strings"
        ? places.map((p) => p.field || "/")
        : spec.placesAs === "error-names"
          ? places.map((p) => ({ message: p.problem }))
          : places.map((p) => ({ field: p.field || "/", message: p.problem }));
    return { ...code, description: spec.message, data, source: "PartnerFD" };
  },
};
