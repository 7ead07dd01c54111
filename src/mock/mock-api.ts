import type { ApiProfile } from "../contract/api-profile.js";
import type { MockResponse } from "./mock-response.js";
import type { Route } from "./router.js";

/**
 * What the mock needs of one API besides its profile: its routes, the errors the server raises on its own,
 * and the trace header it answers with. One per API, so the server never asks which API it is serving.
 */
export interface MockApi {
  profile: ApiProfile;
  routes: Route[];
  /** Headers this API adds to every answer (its own trace id). */
  traceHeaders(): Record<string, string>;
  errors: {
    /** The error for a status the mock raises itself (throttling, injected faults, unknown methods), if the API has one. */
    byStatus(status: number, retryAfterSeconds?: number): MockResponse | undefined;
    /** No bearer token, or one the API refuses; `audience` when it was issued for another. */
    unauthenticated(kind: "missing" | "invalid", context: { cid: string; audience?: string }): MockResponse;
    /** An app-only token where the route (or the whole API) is App + User only. */
    appOnly(): MockResponse;
    notFound(): MockResponse;
    methodNotAllowed(method: string, allow: string): MockResponse;
    notAcceptable(accept: string): MockResponse;
    /** 411 for a body sent without Content-Length, where the API documents it; else the body is read as it comes. */
    lengthRequired?(): MockResponse;
    tooLarge(): MockResponse;
    /** A malformed request, for the fault modes that need some error body. */
    invalidInput(): MockResponse;
  };
}
