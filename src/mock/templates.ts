import { bundledCatalog } from "../contract/load-catalog.js";
import { codeKey } from "../contract/types.js";
import type { MockResponse } from "./mock-response.js";

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
  audienceInvalid: { status: 401, code: "900420", description: "The audience '{0}' in the token is invalid and is no longer supported in Partner Center API." },
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
  productNotFound: { status: 404, code: "400013" },
  skuNotFound: { status: 404, code: "400018" },
  availabilityNotFound: { status: 404, code: "400019" },
  subscriptionNotFound: { status: 404, code: "20003" },
  orderNotFound: { status: 404, code: "20000" },
  methodNotAllowed: { status: 405, code: "405", description: "The requested resource does not support http method '{0}'." },
  notAcceptable: { status: 406, code: "406", description: "The media type '{0}' in the Accept header is not supported; this resource returns application/json." },
  requestTimeout: { status: 408, code: "900225" },
  pendingOperation: { status: 409, code: "900278" },
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
  const row = bundledCatalog().coreCodes.get(codeKey(template.status, template.code))?.[0];
  const description = template.description ?? row?.description;
  if (!description) throw new Error(`core template ${name} names no catalog row and carries no description`);
  return {
    status: template.status,
    headers,
    json: { code: template.code, description: fillPlaceholders(description, args), data: [], source: "PartnerFD" },
    errorOf: "core",
  };
}

interface ReferralsTemplate {
  status: number;
  code: string;
  message: string;
  inner?: { code: string; message: string };
}

export const referralsTemplates = {
  unauthenticated: { status: 401, code: "unauthenticated", message: "The caller is not authenticated.", inner: { code: "99902", message: "Request not authenticated" } },
  invalidInput: { status: 400, code: "invalidRequest", message: "The request is malformed or incorrect.", inner: { code: "99901", message: "InvalidInput" } },
  missingInput: { status: 400, code: "invalidRequest", message: "The request is malformed or incorrect.", inner: { code: "99903", message: "MissingInput" } },
  notUpdatable: { status: 400, code: "invalidRequest", message: "The request is malformed or incorrect.", inner: { code: "99908", message: "PropertyNotUpdatable" } },
  notNullable: { status: 400, code: "invalidRequest", message: "The request is malformed or incorrect.", inner: { code: "99909", message: "PropertyNotNullable" } },
  appOnly: { status: 403, code: "accessDenied", message: "The caller must sign in as a user: application-only tokens are not supported by the Referrals API." },
  coSellNotAllowed: { status: 403, code: "accessDenied", message: "The caller doesn't have permission to perform the action.", inner: { code: "99914", message: "Organization is not allow-listed for co-sell activities" } },
  notFound: { status: 404, code: "itemNotFound", message: "The resource could not be found.", inner: { code: "99904", message: "ResourceNotFound" } },
  methodNotAllowed: { status: 405, code: "notAllowed", message: "The HTTP method in the request isn't allowed on the resource." },
  notAcceptable: { status: 406, code: "notSupported", message: "This service doesn't support the format requested in the Accept header." },
  modified: { status: 409, code: "resourceModified", message: "The resource being updated has changed since the caller last read it.", inner: { code: "99917", message: "Resource was already modified by another request" } },
  gone: { status: 410, code: "resourceGone", message: "The requested resource is no longer available at the server." },
  lengthRequired: { status: 411, code: "lengthRequired", message: "A Content-Length header is required on the request." },
  etagMismatch: { status: 412, code: "preconditionFailed", message: "A precondition provided in the request (such as an if-match header) doesn't match the resource's current state.", inner: { code: "99910", message: "ETag value does not match" } },
  tooLarge: { status: 413, code: "requestTooLarge", message: "The request size exceeds the maximum limit." },
  unsupportedMediaType: { status: 415, code: "unsupportedMediaType", message: "The content type of the request is a format which service doesn't support." },
  rangeNotSatisfiable: { status: 416, code: "invalidRange", message: "The specified byte range is invalid or unavailable." },
  unprocessable: { status: 422, code: "unprocessableEntity", message: "Cannot process the request because it is semantically incorrect." },
  locked: { status: 423, code: "resourceLocked", message: "The resource that is being accessed is locked." },
  throttled: { status: 429, code: "activityLimitReached", message: "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.", inner: { code: "99906", message: "TooManyRequests" } },
  general: { status: 500, code: "generalException", message: "An unspecified error occurred.", inner: { code: "99999", message: "General exception while processing the request" } },
  notImplemented: { status: 501, code: "notSupported", message: "The requested feature isn't implemented." },
  unavailable: { status: 503, code: "serviceNotAvailable", message: "The service is temporarily unavailable. Retry the request after a delay." },
  gatewayTimeout: { status: 504, code: "gatewayTimeout", message: "The server, while acting as a proxy, did not receive a timely response from the upstream server." },
  insufficientStorage: { status: 507, code: "quotaLimitReached", message: "The maximum storage quota has been reached." },
  bandwidthExceeded: { status: 509, code: "bandwidthLimitExceeded", message: "Your app has been throttled for exceeding the maximum bandwidth cap." },
} satisfies Record<string, ReferralsTemplate>;

export type ReferralsTemplateName = keyof typeof referralsTemplates;

export function referralsError(
  name: ReferralsTemplateName,
  options: { details?: unknown[] | null; target?: string; headers?: Record<string, string> } = {},
): MockResponse {
  const template: ReferralsTemplate = referralsTemplates[name];
  const error: Record<string, unknown> = { code: template.code, message: template.message };
  if (options.target) error.target = options.target;
  if (template.inner) error.innerError = { code: template.inner.code, message: template.inner.message, details: options.details ?? null };
  return { status: template.status, headers: options.headers ?? {}, json: { error }, errorOf: "referrals" };
}

/** The template each API answers a status with, for faults the mock raises on its own (throttling, injected 5xx). */
export const templateForStatus = {
  core: { 408: "requestTimeout", 429: "throttled", 500: "unexpected", 501: "notImplemented", 502: "badGateway", 503: "unavailable", 504: "gatewayTimeout" },
  referrals: { 429: "throttled", 500: "general", 501: "notImplemented", 503: "unavailable", 504: "gatewayTimeout", 507: "insufficientStorage", 509: "bandwidthExceeded" },
} as const satisfies { core: Record<number, CoreTemplateName>; referrals: Record<number, ReferralsTemplateName> };
