import { createHash } from "node:crypto";
import type { MockTenant } from "./mock-options.js";

export interface Subscription {
  id: string;
  offerId: string;
  quantity: number;
  status: "active" | "suspended";
  lastModified: Date;
  version: number;
  pendingOperation: boolean;
}

export interface Referral {
  id: string;
  name: string;
  type: "Independent" | "Shared";
  status: "New" | "Active" | "Closed";
  substatus?: string;
  version: number;
  deleted: boolean;
  locked: boolean;
  busy: boolean;
  customerProfile: { name: string; address: { country: string } };
  consent: { consentToShareReferralWithMicrosoftSellers: boolean };
  details: { dealValue: number; currency: string };
}

/** A store's collection path: lower case, no trailing slash. */
export const collectionKey = (path: string): string => path.toLowerCase().replace(/\/+$/, "");

export const etagOf = (id: string, version: number): string => `"${createHash("sha256").update(`${id}:${version}`).digest("base64url").slice(0, 22)}"`;

/** The resources the mock serves, seeded so that every documented status has an honest way to happen. */
export class MockState {
  readonly customers = new Map<string, { id: string; companyName: string; domain: string }>();
  readonly subscriptions = new Map<string, Map<string, Subscription>>();
  readonly referrals = new Map<string, Referral>();
  /**
   * Resources of the request operations, by the path of their collection (lower case): a customer's users,
   * orders, carts... Seeded from the tenant's ids; a create adds to it, and a path that names an id is checked in it.
   */
  readonly collections = new Map<string, Map<string, Record<string, unknown>>>();
  readonly takenDomains = new Set<string>();
  readonly products = new Map<string, Map<string, string[]>>();

  constructor(readonly tenant: MockTenant) {
    const ids = tenant.ids;
    const yesterday = new Date(Date.now() - 86_400_000);
    for (const customerId of [ids.customerId!, ids.throttledCustomerId!]) {
      this.customers.set(customerId, { id: customerId, companyName: "Contoso Mock Ltd", domain: ids.takenDomain! });
      this.subscriptions.set(customerId, new Map());
    }
    const subs = this.subscriptions.get(ids.customerId!)!;
    for (const [id, pendingOperation] of [
      [ids.subscriptionId!, false],
      [ids.pendingSubscriptionId!, true],
    ] as const) {
      subs.set(id, { id, offerId: "CFQ7TTC0LH18:0001", quantity: 5, status: "active", lastModified: yesterday, version: 1, pendingOperation });
    }
    this.takenDomains.add(ids.takenDomain!);
    this.products.set(ids.productId!, new Map([[ids.skuId!, ["DZH318XZXPHL"]]]));
    const referral = (id: string, patch: Partial<Referral>) =>
      this.referrals.set(id, {
        id,
        name: "Contoso migration to Azure",
        type: "Independent",
        status: "New",
        version: 1,
        deleted: false,
        locked: false,
        busy: false,
        customerProfile: { name: "Fabrikam Mock Inc", address: { country: "US" } },
        consent: { consentToShareReferralWithMicrosoftSellers: false },
        details: { dealValue: 10000, currency: "USD" },
        ...patch,
      });
    const customerPath = `/v1/customers/${ids.customerId!}`;
    for (const [collection, id] of [
      ["users", ids.userId],
      ["orders", ids.orderId],
      ["carts", ids.cartId],
      ["directoryroles", ids.roleId],
      ["subscriptions", ids.subscriptionId],
      ["subscriptions", ids.pendingSubscriptionId],
    ] as const) {
      if (id) this.collection(`${customerPath}/${collection}`).set(id.toLowerCase(), { id });
    }
    referral(ids.referralId!, {});
    referral(ids.deletedReferralId!, { deleted: true });
    referral(ids.lockedReferralId!, { locked: true });
    referral(ids.busyReferralId!, { busy: true });
    referral(ids.closedReferralId!, { status: "Closed" });
    referral(ids.throttledReferralId!, {});
  }

  /** The collection at a path, made when first asked for. */
  collection(path: string): Map<string, Record<string, unknown>> {
    const key = collectionKey(path);
    let found = this.collections.get(key);
    if (!found) this.collections.set(key, (found = new Map()));
    return found;
  }

  /** Every resource the store holds under collections whose path ends with `name` ("users"). */
  count(name: string): number {
    return [...this.collections].filter(([key]) => key.endsWith(`/${name}`)).reduce((n, [, c]) => n + c.size, 0);
  }
}
