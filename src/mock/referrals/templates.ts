import type { SchemaError } from "../../contract/create-ajv.js";
import { dottedPath, valueAt } from "../../contract/json-pointer.js";
import { placeOf } from "../validate-body.js";
import { errorResponse, type MockResponse } from "../mock-response.js";

/** Named error templates of the Referrals API: the page's top-level codes and messages, with its inner codes. */
interface ReferralsTemplate {
  status: number;
  code: string;
  message: string;
  inner?: { code: string; message: string };
}

export const referralsTemplates = {
  unauthenticated: {
    status: 401,
    code: "unauthenticated",
    message: "The caller is not authenticated.",
    inner: { code: "99902", message: "Request not authenticated" },
  },
  invalidInput: { status: 400, code: "invalidRequest", message: "The request is malformed or incorrect.", inner: { code: "99901", message: "InvalidInput" } },
  missingInput: { status: 400, code: "invalidRequest", message: "The request is malformed or incorrect.", inner: { code: "99903", message: "MissingInput" } },
  notUpdatable: {
    status: 400,
    code: "invalidRequest",
    message: "The request is malformed or incorrect.",
    inner: { code: "99908", message: "PropertyNotUpdatable" },
  },
  notNullable: {
    status: 400,
    code: "invalidRequest",
    message: "The request is malformed or incorrect.",
    inner: { code: "99909", message: "PropertyNotNullable" },
  },
  appOnly: { status: 403, code: "accessDenied", message: "The caller must sign in as a user: application-only tokens are not supported by the Referrals API." },
  coSellNotAllowed: {
    status: 403,
    code: "accessDenied",
    message: "The caller doesn't have permission to perform the action.",
    inner: { code: "99914", message: "Organization is not allow-listed for co-sell activities" },
  },
  notFound: { status: 404, code: "itemNotFound", message: "The resource could not be found.", inner: { code: "99904", message: "ResourceNotFound" } },
  methodNotAllowed: { status: 405, code: "notAllowed", message: "The HTTP method in the request isn't allowed on the resource." },
  notAcceptable: { status: 406, code: "notSupported", message: "This service doesn't support the format requested in the Accept header." },
  modified: {
    status: 409,
    code: "resourceModified",
    message: "The resource being updated has changed since the caller last read it.",
    inner: { code: "99917", message: "Resource was already modified by another request" },
  },
  gone: { status: 410, code: "resourceGone", message: "The requested resource is no longer available at the server." },
  lengthRequired: { status: 411, code: "lengthRequired", message: "A Content-Length header is required on the request." },
  etagMismatch: {
    status: 412,
    code: "preconditionFailed",
    message: "A precondition provided in the request (such as an if-match header) doesn't match the resource's current state.",
    inner: { code: "99910", message: "ETag value does not match" },
  },
  tooLarge: { status: 413, code: "requestTooLarge", message: "The request size exceeds the maximum limit." },
  unsupportedMediaType: { status: 415, code: "unsupportedMediaType", message: "The content type of the request is a format which service doesn't support." },
  rangeNotSatisfiable: { status: 416, code: "invalidRange", message: "The specified byte range is invalid or unavailable." },
  unprocessable: { status: 422, code: "unprocessableEntity", message: "Cannot process the request because it is semantically incorrect." },
  locked: { status: 423, code: "resourceLocked", message: "The resource that is being accessed is locked." },
  throttled: {
    status: 429,
    code: "activityLimitReached",
    message: "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.",
    inner: { code: "99906", message: "TooManyRequests" },
  },
  general: {
    status: 500,
    code: "generalException",
    message: "An unspecified error occurred.",
    inner: { code: "99999", message: "General exception while processing the request" },
  },
  notImplemented: { status: 501, code: "notSupported", message: "The requested feature isn't implemented." },
  unavailable: { status: 503, code: "serviceNotAvailable", message: "The service is temporarily unavailable. Retry the request after a delay." },
  gatewayTimeout: {
    status: 504,
    code: "gatewayTimeout",
    message: "The server, while acting as a proxy, did not receive a timely response from the upstream server.",
  },
  insufficientStorage: { status: 507, code: "quotaLimitReached", message: "The maximum storage quota has been reached." },
  bandwidthExceeded: { status: 509, code: "bandwidthLimitExceeded", message: "Your app has been throttled for exceeding the maximum bandwidth cap." },
} satisfies Record<string, ReferralsTemplate>;

export type ReferralsTemplateName = keyof typeof referralsTemplates;

export function referralsError(
  name: ReferralsTemplateName,
  options: { details?: unknown[] | null; target?: string; places?: { field: string; problem: string }[]; headers?: Record<string, string> } = {},
): MockResponse {
  const template: ReferralsTemplate = referralsTemplates[name];
  return errorResponse(
    "referrals",
    template.status,
    {
      code: template.code,
      message: template.message,
      ...(options.target ? { target: options.target } : {}),
      ...(template.inner ? { inner: [{ code: template.inner.code, message: template.inner.message, details: options.details ?? null }] } : {}),
      ...(options.places ? { places: options.places } : {}),
    },
    options.headers ?? {},
    name,
  );
}

/** The template the Referrals API answers a status with, for faults the mock raises on its own (throttling, injected 5xx). */
export const referralsTemplateForStatus: Partial<Record<number, ReferralsTemplateName>> = {
  429: "throttled",
  500: "general",
  501: "notImplemented",
  503: "unavailable",
  504: "gatewayTimeout",
  507: "insufficientStorage",
  509: "bandwidthExceeded",
};

/** A body the request schema refuses: 400 invalidRequest with the inner code for the first fault (99903 missing, 99909 null, 99901 invalid) and details naming every field. */
export function referralsInvalidBody(errors: SchemaError[], value: unknown): MockResponse {
  const first = errors[0]!;
  const template =
    first.keyword === "required" ? "missingInput" : first.keyword === "type" && valueAt(value, first.pointer) === null ? "notNullable" : "invalidInput";
  return referralsError(template, { places: errors.map((e) => ({ field: placeOf(e), problem: e.message })), target: dottedPath(placeOf(first)) || "body" });
}
