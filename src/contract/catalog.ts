import { join } from "node:path";
import { CatalogError } from "../errors.js";
import type { ApiContract, ApiName, ContractSource, HeaderRules, StatusSet } from "./api-profile.js";
import { apiProfiles, profileOf } from "./apis/registry.js";
import { createAjv } from "./create-ajv.js";
import { schemasDir } from "./paths.js";
import { compile, readChecked, readJson, readText, shown } from "./read-data.js";

/** The contract as data: per API its statuses, code table, header rules and envelope schemas. */
export interface Catalog {
  readonly dir: string;
  /** The contract of one API: loaded with the catalog for every API registered then, on first use for one registered later. */
  api(name: ApiName): ApiContract;
}

interface HeadersFile {
  defaults: HeaderRules;
  apis: Record<string, Partial<{ [K in keyof HeaderRules]: Partial<HeaderRules[K]> }>>;
}

/**
 * Reads every catalog file under `dir` (schemas/) and holds each to its JSON Schema, so a broken file stops
 * the run at its start with one line naming the file and the place.
 */
export function loadCatalog(dir: string = schemasDir): Catalog {
  const ajv = createAjv();
  const catalogFile = (name: string) => join(dir, "catalog", name);
  const statuses = readChecked<Record<string, StatusSet>>(ajv, catalogFile("statuses.json"), catalogFile("statuses.schema.json"));
  const headers = readChecked<HeadersFile>(ajv, catalogFile("headers.json"), catalogFile("headers.schema.json"));
  const source: ContractSource = {
    dir,
    statuses(api) {
      const set = statuses[api];
      if (!set) throw new CatalogError(shown(catalogFile("statuses.json")), api, "has no status set for this API");
      return set;
    },
    headers(api) {
      const own = headers.apis[api] ?? {};
      const merged = {} as Record<string, unknown>;
      for (const [rule, value] of Object.entries(headers.defaults)) merged[rule] = { ...value, ...own[rule as keyof HeaderRules] };
      return merged as unknown as HeaderRules;
    },
    schema: (file, fragment) => compile(ajv, join(dir, file), fragment),
    readText: (file) => readText(join(dir, file)),
    readJson: (file) => readJson(join(dir, file)),
    readChecked: (file, schemaFile) => readChecked(ajv, join(dir, file), join(dir, schemaFile)),
  };
  const contracts = new Map<ApiName, ApiContract>();
  const api = (name: ApiName): ApiContract => {
    let contract = contracts.get(name);
    if (!contract) contracts.set(name, (contract = Object.freeze(profileOf(name).loadContract(source))));
    return contract;
  };
  for (const profile of apiProfiles()) api(profile.name);
  return Object.freeze({ dir, api });
}

let cached: Catalog | undefined;
/** The bundled catalog, read once per process. */
export function bundledCatalog(): Catalog {
  cached ??= loadCatalog();
  return cached;
}

/** The contract of an API in the bundled catalog. */
export const contractOf = (api: ApiName): ApiContract => bundledCatalog().api(api);
