import type { ApiProfile, CodeRow, ErrorView } from "../api-profile.js";
import { isObject } from "../error-view.js";
import { codeTable, documentedSet } from "./shared.js";

/**
 * RFC 6749 §5.2's codes with their statuses: 400 unless specified otherwise; invalid_client may be 401 when
 * the client tried to authenticate. A code with another status is a deviation: "unless specified otherwise".
 */
const RFC_CODES: CodeRow[] = [
  ...["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"].map((code): CodeRow => ({
    code,
    status: 400,
    description: `RFC 6749 §5.2 ${code}`,
    level: 0,
  })),
  { code: "invalid_client", status: 401, description: "RFC 6749 §5.2 invalid_client (client authentication failed)", level: 0 },
];

/**
 * The Microsoft identity platform's token endpoint (`POST /{tenant}/oauth2/v2.0/token`), which every run with
 * client credentials calls: its errors are judged by the OAuth 2.0 error response, not Partner Center's envelopes.
 * The suite never targets it; the offline checker judges what a capture holds of it.
 */
/** The Microsoft identity platform's origin, where tokens come from unless PC_AUTHORITY names another. */
export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

export const oauthProfile: ApiProfile = {
  name: "oauth",
  title: "Identity platform token endpoint",
  doc: { url: "https://www.rfc-editor.org/rfc/rfc6749#section-5.2", name: "RFC 6749 §5.2 error response" },
  pathPrefix: /^\/[^/]+\/oauth2\/(v2\.0\/)?token\/?$/i,
  productionHosts: [],
  unsupportedMediaTypeStatuses: [400],
  envelope: {
    shape: '{"error", "error_description"?, "error_uri"?}',
    matches: (json) => isObject(json) && typeof json.error === "string",
    view: (json): ErrorView => ({
      // No message: the 1024-character bound is Partner Center's; RFC 6749 sets none. No inner chain.
      levels: [{ depth: 0, pointer: "", key: "", value: json, code: { pointer: "/error", value: (json as { error: unknown }).error } }],
      places: [],
      hints: [],
      conflicts: [],
      placesAt: { pointer: "/error_description", name: "error_description" },
    }),
    topLevel: (json) => json,
    knownDeviations: [
      {
        rule: "non-ascii-description",
        pointer: /^\/error_description$/,
        keyword: "pattern",
        title: () => "error_description is not ASCII text (RFC 6749 §5.2 NQSCHAR)",
      },
    ],
    variants: [],
    forms: [],
  },
  loadContract(source) {
    const statuses = source.statuses("oauth");
    return {
      statuses,
      documented: documentedSet(statuses),
      codes: codeTable(RFC_CODES, "deviation"),
      headers: source.headers("oauth"),
      validate: source.schema("oauth-error.schema.json"),
      variants: {},
    };
  },
  renderError: (spec) => ({ error: spec.code, error_description: spec.message }),
};
