/** The token endpoint refused to issue a token: an environment problem, reported in one line. */
export class AuthError extends Error {
  override readonly name = "AuthError";
  readonly code = "PC_ERR_AUTH";
}
