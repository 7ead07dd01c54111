import { request, type Dispatcher } from "undici";
import type { AuthConfig } from "../config/load-config.js";
import type { ApiName, Identity } from "../contract/api-profile.js";
import { profileOf } from "../contract/apis/registry.js";
import { AuthError } from "../errors.js";
import { registerSecret } from "../transport/redact.js";

export type { Identity };

/** Renew this long before expiry (at most half the lifetime), so a token never expires between being handed out and being sent. */
const EXPIRY_SKEW_MS = 60_000;

interface CachedToken {
  value: string;
  renewAt: number;
}

/** The first sentence of an identity-platform error, without its trace and correlation ids. */
function describeOAuthError(status: number, body: string): string {
  try {
    const json = JSON.parse(body) as { error?: string; error_description?: string; error_codes?: number[] };
    if (json.error) {
      const description = (json.error_description ?? "").split(/ Trace ID:|\r?\n/)[0]!.trim();
      return `${status} ${json.error}${description ? `: ${description}` : ""}`;
    }
  } catch {
    // not JSON: fall through to the raw status
  }
  return `${status} with a body that is not an OAuth error (${body.slice(0, 80).replace(/\s+/g, " ")})`;
}

/** Hands out bearer tokens per API and identity: static ones as given, others from the identity platform, cached until shortly before expiry. */
export class TokenProvider {
  private readonly fresh = new Map<string, CachedToken>();
  /** Fetches under way: concurrent callers share one request to the token endpoint. */
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly auth: AuthConfig,
    private readonly dispatcher?: Dispatcher,
    /** Deadline of one call to the token endpoint (the run's per-request deadline). */
    private readonly timeoutMs = 15_000,
  ) {}

  /** Whether a token for this identity can be had at all (a missing refresh token means no user token). */
  canIssue(identity: Identity, api: ApiName): boolean {
    if (this.staticToken(api)) return true;
    if (!this.auth.clientId) return false;
    return identity === "app" || this.auth.refreshToken !== undefined;
  }

  /**
   * Whether a token of exactly this kind can be had: an app-only one, or one for `api` that differs from the one
   * `other` gets. A static token (PC_TOKEN) cannot be known to be app-only, and one token given for both APIs
   * has one audience: sending it as "the other audience" would test nothing, and its 200 is no violation.
   */
  canIssueDistinct(api: ApiName, identity: Identity, other?: ApiName): boolean {
    const fixed = this.staticToken(api);
    if (!fixed) return this.canIssue(identity, api);
    if (other === undefined) return false;
    const theirs = this.staticToken(other);
    return theirs !== undefined && theirs !== fixed;
  }

  /** A static token (PC_TOKEN, ...) stands for every identity: whoever issued it decided which. */
  private staticToken(api: ApiName): string | undefined {
    return this.auth.tokens[api];
  }

  async token(api: ApiName, identity: Identity): Promise<string> {
    const fixed = this.staticToken(api);
    if (fixed) return fixed;
    const key = `${api}|${identity}`;
    const cached = this.fresh.get(key);
    if (cached && cached.renewAt > Date.now()) return cached.value;
    let fetching = this.pending.get(key);
    if (!fetching) {
      fetching = this.fetchToken(api, identity)
        .then((token) => {
          this.fresh.set(key, token);
          return token;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, fetching);
    }
    return (await fetching).value;
  }

  private async fetchToken(api: ApiName, identity: Identity): Promise<CachedToken> {
    const { authority, tenantId, clientId, clientSecret, refreshToken } = this.auth;
    const audience = profileOf(api).auth?.audience;
    if (!audience) throw new AuthError(`the ${api} API takes no bearer token`);
    if (!tenantId || !clientId || !clientSecret) {
      throw new AuthError(
        `no ${identity} token for the ${api} API: set ${profileOf(api).auth!.tokenVariable}, or PC_TENANT_ID + PC_CLIENT_ID + PC_CLIENT_SECRET`,
      );
    }
    if (identity === "user" && !refreshToken) throw new AuthError(`no user token for the ${api} API: App + User calls need PC_REFRESH_TOKEN`);
    const scope = `${audience}/.default`;
    const form = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, scope });
    if (identity === "user") {
      form.set("grant_type", "refresh_token");
      form.set("refresh_token", refreshToken!);
    } else form.set("grant_type", "client_credentials");
    const url = `${authority}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const started = Date.now();
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new AuthError(`token endpoint ${url} did not answer: ${(error as Error).message}`);
    }
    const grant = form.get("grant_type");
    if (status !== 200) throw new AuthError(`token endpoint refused ${grant} for scope ${scope}: ${describeOAuthError(status, text)}`);
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text);
    } catch {
      throw new AuthError(`token endpoint answered ${grant} for scope ${scope} with 200 but a body that is not JSON`);
    }
    if (typeof json.access_token !== "string") throw new AuthError(`token endpoint answered ${grant} for scope ${scope} without an access_token`);
    registerSecret(json.access_token);
    const given = Number(json.expires_in);
    const lifetimeMs = (Number.isFinite(given) && given > 0 ? given : 3600) * 1000;
    return { value: json.access_token, renewAt: started + lifetimeMs - Math.min(EXPIRY_SKEW_MS, lifetimeMs / 2) };
  }
}
