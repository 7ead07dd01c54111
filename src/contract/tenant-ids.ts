/**
 * The tenant resources probes name as `{placeholders}`, and the one naming rule that ties each to its
 * variable: `customerId` is set by PC_CUSTOMER_ID.
 */
export const TENANT_IDS = {
  customerId: "a customer of the partner tenant",
  subscriptionId: "a subscription of PC_CUSTOMER_ID",
  referralId: "a referral of the partner tenant",
  userId: "a user of PC_CUSTOMER_ID",
  orderId: "an order of PC_CUSTOMER_ID",
  cartId: "a cart of PC_CUSTOMER_ID (carts expire: make one shortly before the run)",
  roleId: "a directory role of PC_CUSTOMER_ID (get-all-of-the-available-customer-roles)",
  availabilityId: "an availability of the product and SKU the probes read (DZH318Z0BQ3Q/0001 in the US, by default)",
  catalogItemId: "a catalog item (product:SKU:availability) PC_CUSTOMER_ID may buy: the valid order and cart bodies name it",
  takenDomain: "a domain already in use, such as a customer's onmicrosoft.com domain",
} as const;

export const idVariable = (placeholder: string): string =>
  `PC_${placeholder
    .replace(/Id$/, "_ID")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toUpperCase()}`;
