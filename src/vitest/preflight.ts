import { targetApis } from "../contract/apis/registry.js";
import { TargetUnusable } from "../errors.js";
import { buildRequest } from "../probes/build-request.js";
import type { Probe } from "../probes/probe.js";
import { createTarget, type TargetSpec } from "../probes/target.js";
import { redactText } from "../transport/redact.js";
import { sendRequest } from "../transport/send-request.js";

/**
 * Before the first probe: each API answers, and accepts the token. Unreachable hosts, TLS failures, a token
 * endpoint that refuses the credentials and a 401 on a valid call all stop the run here, in one line.
 */
export async function preflight(spec: TargetSpec): Promise<string[]> {
  const target = createTarget(spec);
  const notes: string[] = [];
  try {
    for (const profile of targetApis()) {
      const api = profile.name;
      const check = profile.preflight;
      if (!check) continue;
      if (!target.tokens.canIssue(check.identity, api)) {
        notes.push(`${api}: not checked (no ${check.identity === "user" ? "App + User" : "app"} token configured)`);
        continue;
      }
      const probe: Probe = {
        id: `preflight/${api}`,
        api,
        area: "auth",
        method: "GET",
        path: check.path,
        auth: check.identity,
        expect: { status: [200] },
        scope: "any",
        source: "preflight",
      };
      const origin = spec.origins[api];
      let status: number;
      try {
        const token = await target.tokens.token(api, check.identity);
        status = (
          await sendRequest(buildRequest(probe, spec.origins, spec.ids, `Bearer ${token}`), {
            dispatcher: target.dispatcher,
            timeoutMs: spec.pacing.requestTimeoutMs,
          })
        ).response.status;
      } catch (error) {
        throw new TargetUnusable(redactText(`the ${api} API at ${origin} cannot be used: ${(error as Error).message}`));
      }
      if (status === 401) throw new TargetUnusable(`the ${api} API at ${origin} refused the token: GET ${check.path} answered 401`);
      notes.push(`${api}: ${origin} answers (${status}) and accepts the token`);
    }
  } finally {
    await target.dispatcher.close();
  }
  return notes;
}
