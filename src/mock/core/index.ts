import { randomUUID } from "node:crypto";
import { coreProfile } from "../../contract/apis/core.js";
import type { MockApi } from "../mock-api.js";
import { coreRoutes } from "./routes.js";
import { withServedOperations } from "./served.js";
import { coreError, coreTemplateForStatus } from "./templates.js";

export const coreMock: MockApi = {
  profile: coreProfile,
  routes: withServedOperations(coreRoutes),
  traceHeaders: () => ({ "MS-CV": `${randomUUID().replace(/-/g, "").slice(0, 22)}.0` }),
  errors: {
    byStatus(status, retryAfter) {
      const name = coreTemplateForStatus[status];
      return name && coreError(name, [String(retryAfter ?? 30)], retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {});
    },
    unauthenticated(kind, { cid, audience }) {
      const headers = { "WWW-Authenticate": `OAuth realm=urn:cpsvc:cpid:${cid}` };
      if (audience) return coreError("audienceInvalid", [audience], headers);
      return coreError(kind === "missing" ? "tokenMissing" : "accessDenied", [], headers);
    },
    appOnly: () => coreError("appOnlyNotSupported"),
    notFound: () => coreError("notFound"),
    methodNotAllowed: (method, allow) => coreError("methodNotAllowed", [method], { Allow: allow }),
    notAcceptable: (accept) => coreError("notAcceptable", [accept]),
    // The core page documents neither 411 nor 413: an oversized body is a bad request.
    tooLarge: () => coreError("invalidInput"),
    invalidInput: () => coreError("invalidInput"),
  },
};
