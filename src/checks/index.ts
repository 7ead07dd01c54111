import { allowCheck } from "./allow.js";
import { bodyCheck } from "./body.js";
import { codeStatusCheck } from "./code-status.js";
import { contentTypeCheck } from "./content-type.js";
import { envelopeCheck } from "./envelope.js";
import { errorTargetCheck } from "./error-target.js";
import { innerErrorCheck } from "./inner-error.js";
import { messageCheck } from "./message.js";
import { requestIdsCheck } from "./request-ids.js";
import { retryAfterCheck } from "./retry-after.js";
import { statusCheck } from "./status.js";
import type { Check } from "./types.js";
import { wwwAuthenticateCheck } from "./www-authenticate.js";

/** Every check, in the order they run. The status check comes first and gates the rest. */
export const checks: readonly Check[] = [
  statusCheck,
  bodyCheck,
  contentTypeCheck,
  envelopeCheck,
  messageCheck,
  innerErrorCheck,
  codeStatusCheck,
  errorTargetCheck,
  wwwAuthenticateCheck,
  allowCheck,
  retryAfterCheck,
  requestIdsCheck,
];

export const checkNames = checks.map((c) => c.name);
