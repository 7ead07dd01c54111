import type { ApiName } from "../contract/types.js";
import { buildRequest } from "../probes/build-request.js";
import type { Probe } from "../probes/probe.js";
import { createTarget, type TargetSpec } from "../probes/target.js";
import { sendRequest } from "../transport/send-request.js";
import { redactText } from "../transport/redact.js";

/** The target cannot be used at all: not a contract finding, and not worth a single probe. */
export class EnvironmentProblem extends Error {
  override readonly name = "EnvironmentProblem";
}

const CHECKS: Record<ApiName, Pick<Probe, "path" | "auth">> = {
  core: { path: "/v1/customers?size=1", auth: "app" },
  referrals: { path: "/v1.0/engagements/referrals?$top=1", auth: "user" },
};

/**
 * Before the first probe: each API answers, and accepts the token. Unreachable hosts, TLS failures, a token
 * endpoint that refuses the credentials and a 401 on a valid call all stop the run here, in one line.
 */
export async function preflight(spec: TargetSpec): Promise<string[]> {
  const target = createTarget(spec);
  const notes: string[] = [];
  try {
    for (const api of ["core", "referrals"] as const) {
      const check = CHECKS[api];
      const identity = check.auth === "user" ? "user" : "app";
      if (!target.tokens.canIssue(identity, api)) {
        notes.push(`${api}: not checked (no ${identity === "user" ? "App + User" : "app"} token configured)`);
        continue;
      }
      const probe: Probe = { id: `preflight/${api}`, api, area: "auth", method: "GET", ...check, expect: { status: [200] }, scope: "any", source: "preflight" };
      let status: number;
      try {
        const token = await target.tokens.token(api, identity);
        status = (await sendRequest(buildRequest(probe, spec.origins, spec.ids, `Bearer ${token}`), { dispatcher: target.dispatcher, timeoutMs: 20_000 })).response.status;
      } catch (error) {
        throw new EnvironmentProblem(redactText(`the ${api} API at ${spec.origins[api]} cannot be used: ${(error as Error).message}`));
      }
      if (status === 401) throw new EnvironmentProblem(`the ${api} API at ${spec.origins[api]} refused the token: GET ${check.path} answered 401`);
      notes.push(`${api}: ${spec.origins[api]} answers (${status}) and accepts the token`);
    }
  } finally {
    await target.dispatcher.close();
  }
  return notes;
}
