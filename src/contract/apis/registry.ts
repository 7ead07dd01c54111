import { ConfigError } from "../../errors.js";
import type { ApiName, ApiProfile, BuiltinApi } from "../api-profile.js";
import { coreProfile } from "./core.js";
import { oauthProfile } from "./oauth.js";
import { referralsProfile } from "./referrals.js";

/** Every built-in API: adding a name to BuiltinApi makes the compiler point here, at the one missing profile. */
const BUILTIN: Record<BuiltinApi, ApiProfile> = { core: coreProfile, referrals: referralsProfile, oauth: oauthProfile };

const registered = new Map<ApiName, ApiProfile>(Object.entries(BUILTIN));

/** Registers another API (a test's toy API); returns what removes it again. */
export function registerApi(profile: ApiProfile): () => void {
  if (registered.has(profile.name)) throw new ConfigError(`an API named ${profile.name} is registered already`);
  registered.set(profile.name, profile);
  return () => void registered.delete(profile.name);
}

/** Every registered API, built-in ones first. */
export const apiProfiles = (): ApiProfile[] => [...registered.values()];

/** The APIs a run sends requests to (those with an origin to configure). */
export const targetApis = (): ApiProfile[] => apiProfiles().filter((p) => p.origin !== undefined);

export function profileOf(name: ApiName): ApiProfile {
  const profile = registered.get(name);
  if (!profile) throw new ConfigError(`unknown API "${name}"; known: ${[...registered.keys()].join(", ")}`);
  return profile;
}

export const isApiName = (name: string): boolean => registered.has(name);

/** The API a request path belongs to, if any. */
export const profileForPath = (path: string): ApiProfile | undefined => apiProfiles().find((p) => p.pathPrefix.test(path));

/** The API whose envelope a body has, trying `first` before the others. */
export function profileForBody(json: unknown, first?: ApiProfile): ApiProfile | undefined {
  if (first?.envelope.matches(json)) return first;
  return apiProfiles().find((p) => p !== first && p.envelope.matches(json));
}
