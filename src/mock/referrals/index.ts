import { randomUUID } from "node:crypto";
import { referralsProfile } from "../../contract/apis/referrals.js";
import type { MockApi } from "../mock-api.js";
import { referralsRoutes } from "./routes.js";
import { referralsError, referralsTemplateForStatus } from "./templates.js";

export const referralsMock: MockApi = {
  profile: referralsProfile,
  routes: referralsRoutes,
  traceHeaders: () => ({ "Request-ID": randomUUID() }),
  errors: {
    byStatus(status, retryAfter) {
      const name = referralsTemplateForStatus[status];
      return name && referralsError(name, { headers: retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {} });
    },
    unauthenticated: () =>
      referralsError("unauthenticated", { headers: { "WWW-Authenticate": `Bearer realm="${referralsProfile.auth!.audience}", error="invalid_token"` } }),
    appOnly: () => referralsError("appOnly"),
    notFound: () => referralsError("notFound"),
    methodNotAllowed: (_method, allow) => referralsError("methodNotAllowed", { headers: { Allow: allow } }),
    notAcceptable: () => referralsError("notAcceptable"),
    lengthRequired: () => referralsError("lengthRequired"),
    tooLarge: () => referralsError("tooLarge"),
    invalidInput: () => referralsError("invalidInput"),
  },
};
