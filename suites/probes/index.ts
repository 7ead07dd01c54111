import type { Probe } from "../../src/probes/probe.js";
import { coreProbes } from "./core.js";
import { referralsProbes } from "./referrals.js";

export const probes: readonly Probe[] = [...coreProbes, ...referralsProbes];
