import { join } from "node:path";
import { CatalogError } from "../../errors.js";
import type { ApiProfile, CodeRow, ErrorView } from "../api-profile.js";
import { shown } from "../read-data.js";
import { fieldValues, isObject, walkChain } from "../error-view.js";
import { apimThrottleVariant, codeTable, documentedSet } from "./shared.js";

const TSV = "catalog/core-error-codes.tsv";
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
  // The core page documents no 415: a body in another media type is a bad request there.
  unsupportedMediaTypeStatus: 400,
  envelope: {
    shape: '{"code", "description", "data"[], "source"}',
    matches: (json) => isObject(json) && "code" in json && ("description" in json || "source" in json),
    view(json): ErrorView {
      const body = json as Record<string, unknown>;
      const data = Array.isArray(body.data) ? body.data : [];
      return {
        message: { pointer: "/description", value: body.description },
        ...walkChain(body, "", "", []),
        // The envelope's data is "a list of error objects": the fields they name.
        places: data.flatMap((item) => (isObject(item) ? fieldValues(item) : [])),
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
    ],
    variants: [apimThrottleVariant],
  },
  loadContract(source) {
    const statuses = source.statuses("core");
    // The core page contradicts itself (3000 is 400 in the table and 404 in the worked example; 20002 is 403 in
    // the table and 400 in real traffic): a code with another status is a deviation.
    const rows = parseCoreCodes(source.readText(TSV), shown(join(source.dir, TSV)));
    return {
      statuses,
      documented: documentedSet(statuses),
      codes: codeTable(rows, "deviation"),
      headers: source.headers("core"),
      validate: source.schema("core-error.schema.json"),
      variants: { [apimThrottleVariant.name]: source.schema("apim-throttle.schema.json") },
    };
  },
  renderError: (spec) => ({
    ...(spec.code !== undefined ? { code: spec.code } : {}),
    description: spec.message,
    data: (spec.places ?? []).map((p) => ({ field: p.field || "/", message: p.problem })),
    source: "PartnerFD",
  }),
};
