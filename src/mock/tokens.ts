import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface TokenClaims {
  aud: string;
  tid: string;
  appid: string;
  /** 'app' for client credentials (app-only), 'user' for app + user. */
  idtyp: "app" | "user";
  upn?: string;
  iat: number;
  exp: number;
}

const b64 = (value: Buffer | string) => Buffer.from(value).toString("base64url");

/** JWT-shaped HS256 tokens, signed with a key that lives only as long as the mock. */
export class TokenSigner {
  private readonly key = randomBytes(32);
  /** Tokens whose signature held, with their claims: every request carries one, and an HMAC each was the mock's largest cost. */
  private readonly verified = new Map<string, TokenClaims>();

  sign(claims: TokenClaims): string {
    const head = `${b64(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64(JSON.stringify(claims))}`;
    return `${head}.${b64(createHmac("sha256", this.key).update(head).digest())}`;
  }

  /** The claims of a token this mock issued, or the reason it is refused. */
  verify(token: string, nowSeconds = Date.now() / 1000): { claims: TokenClaims } | { reason: string } {
    const known = this.verified.get(token);
    if (known) return known.exp <= nowSeconds ? { reason: "the token has expired" } : { claims: known };
    const parts = token.split(".");
    if (parts.length !== 3) return { reason: "the token is not a JWT" };
    const expected = createHmac("sha256", this.key).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2]!, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { reason: "the token signature is invalid" };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return { reason: "the token payload is not JSON" };
    }
    if (claims.exp <= nowSeconds) return { reason: "the token has expired" };
    // Only tokens this mock signed are kept, so the map holds no more than it issued.
    this.verified.set(token, claims);
    return { claims };
  }
}
