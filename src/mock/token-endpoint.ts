import { randomUUID } from "node:crypto";
import type { MockOptions } from "./mock-options.js";
import { jsonResponse, type MockResponse } from "./mock-response.js";
import { apiProfiles } from "../contract/apis/registry.js";
import { oauthProfile } from "../contract/apis/oauth.js";
import type { TokenSigner } from "./tokens.js";

/** The identity platform's error body (RFC 6749 §5.2 plus Microsoft's error_codes, trace and correlation ids). */
function oauthError(status: number, error: string, aadsts: number, message: string): MockResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  return jsonResponse(
    status,
    {
      ...(oauthProfile.renderError({
        code: error,
        message: `AADSTS${aadsts}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp.replace("T", " ")}`,
      }) as object),
      error_codes: [aadsts],
      timestamp: timestamp.replace("T", " "),
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}

function audienceOf(scope: string): string | undefined {
  for (const part of scope.split(/\s+/)) {
    for (const audience of apiProfiles().flatMap((p) => (p.auth ? [p.auth.audience] : []))) {
      if (part === `${audience}/.default` || part === `${audience}/user_impersonation`) return audience;
    }
  }
  return undefined;
}

/** POST /{tenant}/oauth2/v2.0/token with client_credentials or refresh_token, as the Microsoft identity platform answers it. */
export function issueToken(tenant: string, form: URLSearchParams, contentType: string | undefined, options: MockOptions, signer: TokenSigner): MockResponse {
  if (tenant !== options.tenantId && tenant !== "organizations") {
    return oauthError(
      400,
      "invalid_request",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  if (!/^application\/x-www-form-urlencoded/i.test(contentType ?? "")) {
    return oauthError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
  }
  const grant = form.get("grant_type");
  if (!grant) return oauthError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grant !== "client_credentials" && grant !== "refresh_token") {
    return oauthError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`);
  }
  const clientId = form.get("client_id");
  if (!clientId) return oauthError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
  if (clientId !== options.clientId) {
    return oauthError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
  }
  if (form.get("client_secret") !== options.clientSecret) {
    return oauthError(
      401,
      "invalid_client",
      7000215,
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
    );
  }
  const scope = form.get("scope");
  if (!scope) return oauthError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
  const audience = audienceOf(scope);
  if (!audience)
    return oauthError(400, "invalid_scope", 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
  if (grant === "client_credentials" && !scope.split(/\s+/).every((s) => s.endsWith("/.default"))) {
    return oauthError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (grant === "refresh_token" && form.get("refresh_token") !== options.refreshToken) {
    return oauthError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
  }
  const now = Math.floor(Date.now() / 1000);
  const lifetime = options.tokenLifetimeSeconds;
  const accessToken = signer.sign({
    aud: audience,
    tid: options.tenantId,
    appid: clientId,
    idtyp: grant === "client_credentials" ? "app" : "user",
    ...(grant === "refresh_token" ? { upn: "admin@contoso-mock.onmicrosoft.com" } : {}),
    iat: now,
    exp: now + lifetime,
  });
  return jsonResponse(
    200,
    {
      token_type: "Bearer",
      scope,
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      ...(grant === "refresh_token" ? { refresh_token: options.refreshToken } : {}),
    },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}
