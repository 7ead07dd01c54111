import type { SchemaError } from "../../contract/create-ajv.js";
import { placeOf } from "../validate-body.js";
import { contractOf } from "../../contract/catalog.js";
import { errorResponse, type MockResponse } from "../mock-response.js";

/**
 * Named error templates. Core descriptions come from the catalog's numeric table (filled placeholders), so the
 * mock says what the documents say; a template that names no table row carries its own wording.
 */
interface CoreTemplate {
  status: number;
  code: string;
  description?: string;
}

export const coreTemplates = {
  tokenMissing: { status: 401, code: "800001" },
  accessDenied: { status: 401, code: "400" },
  // The table's 401 "Access denied" code; real traffic answers a retired audience with 900420, not in the table.
  audienceInvalid: { status: 401, code: "400", description: "The audience '{0}' in the token is not valid for the Partner Center API." },
  invalidInput: { status: 400, code: "800002" },
  invalidProperty: { status: 400, code: "3000" },
  customerIdNotGuid: { status: 400, code: "800002", description: "Customer ID {0} should have GUID format (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)." },
  searchOperator: { status: 400, code: "2000", description: "Customer search only allows starts with and equals operation." },
  tenantIdNotGuid: { status: 400, code: "2000", description: "Tenant Id must be a GUID." },
  mpnIdNotNumeric: { status: 400, code: "2000", description: "MPN Id must be numeric." },
  mpnAndTenantEmpty: { status: 400, code: "2001", description: "Both MPN Id and Tenant Id cannot be empty." },
  mpnAndTenantBoth: { status: 400, code: "2000", description: "Both MPN Id and Tenant Id should not be passed." },
  accountNotFound: { status: 400, code: "2205", description: "Could not find account with id '{0}'" },
  auditWindow: { status: 400, code: "800002", description: "bad request exception: startDate must be within the last 90 days." },
  contentTypeNotJson: { status: 400, code: "800002", description: "The request content type '{0}' is not supported; send application/json." },
  etagInvalid: { status: 400, code: "2055" },
  noRelationship: { status: 403, code: "20002" },
  appOnlyNotSupported: { status: 403, code: "900329" },
  targetSegmentNotAllowed: { status: 403, code: "400030", description: "Access to the requested targetSegment is not allowed." },
  notFound: { status: 404, code: "1000" },
  referenceNotFound: { status: 404, code: "1000", description: "The {0} '{1}' in the request body names no known resource." },
  productNotFound: { status: 404, code: "400013" },
  skuNotFound: { status: 404, code: "400018" },
  availabilityNotFound: { status: 404, code: "400019" },
  subscriptionNotFound: { status: 404, code: "20003" },
  orderNotFound: { status: 404, code: "20000" },
  methodNotAllowed: { status: 405, code: "405", description: "The requested resource does not support http method '{0}'." },
  notAcceptable: {
    status: 406,
    code: "406",
    description: "The media type '{0}' in the Accept header is not supported; this resource returns application/json.",
  },
  requestTimeout: { status: 408, code: "900225" },
  pendingOperation: { status: 409, code: "900278" },
  expectationFailed: { status: 417, code: "800036" },
  preconditionFailed: { status: 412, code: "412", description: "The resource was modified after '{0}' (If-Unmodified-Since)." },
  throttled: { status: 429, code: "429", description: "Rate limit is exceeded. Try again in {0} seconds." },
  unexpected: { status: 500, code: "800003" },
  notImplemented: { status: 501, code: "0" },
  badGateway: { status: 502, code: "502", description: "The gateway received an invalid response from the upstream service." },
  unavailable: { status: 503, code: "503", description: "The service is temporarily unavailable. Retry after {0} seconds." },
  gatewayTimeout: { status: 504, code: "504", description: "The gateway did not receive a timely response from the upstream service." },
} satisfies Record<string, CoreTemplate>;

export type CoreTemplateName = keyof typeof coreTemplates;

export const fillPlaceholders = (text: string, args: readonly string[]): string =>
  text.replace(/\\?\{(\d+)\\?\}/g, (whole, index: string) => args[Number(index)] ?? whole);

export function coreError(name: CoreTemplateName, args: readonly string[] = [], headers: Record<string, string> = {}): MockResponse {
  const template: CoreTemplate = coreTemplates[name];
  const row = contractOf("core")
    .codes.lookup(template.code, 0)
    .find((r) => r.status === template.status);
  const description = template.description ?? row?.description;
  if (!description) throw new Error(`core template ${name} names no catalog row and carries no description`);
  return errorResponse("core", template.status, { code: template.code, message: fillPlaceholders(description, args) }, headers, name);
}

/** The template the core API answers a status with, for faults the mock raises on its own (throttling, injected 5xx). */
export const coreTemplateForStatus: Partial<Record<number, CoreTemplateName>> = {
  408: "requestTimeout",
  417: "expectationFailed",
  429: "throttled",
  500: "unexpected",
  501: "notImplemented",
  502: "badGateway",
  503: "unavailable",
  504: "gatewayTimeout",
};

/** A body the request schema refuses: 400/3000, every field it names in `data`. */
export const coreInvalidBody = (errors: SchemaError[]): MockResponse => {
  const response = coreError("invalidProperty");
  return { ...response, spec: { ...response.spec!, places: errors.map((e) => ({ field: placeOf(e), problem: e.message })) } };
};
