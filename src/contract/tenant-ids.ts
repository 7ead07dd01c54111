/**
 * The tenant resources probes name as `{placeholders}`, and the one naming rule that ties each to its
 * variable: `customerId` is set by PC_CUSTOMER_ID.
 */
export const TENANT_IDS = {
  customerId: "a customer of the partner tenant",
  subscriptionId: "a subscription of PC_CUSTOMER_ID",
  referralId: "a referral of the partner tenant",
} as const;

export const idVariable = (placeholder: string): string =>
  `PC_${placeholder
    .replace(/Id$/, "_ID")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toUpperCase()}`;
