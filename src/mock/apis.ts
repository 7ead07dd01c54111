import type { BuiltinApi } from "../contract/api-profile.js";
import { profileForPath } from "../contract/apis/registry.js";
import { coreMock } from "./core/index.js";
import type { MockApi } from "./mock-api.js";
import { referralsMock } from "./referrals/index.js";

/** The APIs the mock serves; the token endpoint is served apart (token-endpoint.ts). */
export const MOCK_APIS: Record<Exclude<BuiltinApi, "oauth">, MockApi> = { core: coreMock, referrals: referralsMock };

/** The API a path belongs to; any other path is answered as the first API answers an unknown route. */
export function mockApiFor(path: string, apis: readonly MockApi[] = Object.values(MOCK_APIS)): MockApi {
  const profile = profileForPath(path);
  return apis.find((a) => a.profile === profile) ?? apis[0]!;
}
