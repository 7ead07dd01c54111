import { referencesIn } from "../../contract/references.js";
import type { RequestOperation } from "../../contract/operations.js";
import { MockFailure } from "../mock-response.js";
import type { MockRequest, RouteContext } from "../router.js";
import { coreError } from "./templates.js";
import { fail } from "./shared.js";

/** Whether a body's id names a resource the store has, by the tenant id the schema says it stands for. */
const RESOLVERS: Record<string, (value: string, request: MockRequest, context: RouteContext) => boolean> = {
  userId: (value, request, { state }) => state.collection(`/v1/customers/${request.params.customerId}/users`).has(value.toLowerCase()),
  catalogItemId: (value, _, { state }) => {
    const [product, sku, availability] = value.split(":");
    return (
      state.products
        .get(product?.toUpperCase() ?? "")
        ?.get(sku ?? "")
        ?.includes(availability?.toUpperCase() ?? "") ?? false
    );
  },
};

/** The tenant ids a body may name that the mock can look up: a test holds every schema's references to this list. */
export const resolvableReferences = (): string[] => Object.keys(RESOLVERS);

/**
 * Every id the (schema-valid) body names must name something: 404 1000 with the field in `data`, as the error
 * codes page's first draft says ("request properties are Ids or URIs that do not map to known objects").
 */
export function requireReferences(operation: RequestOperation, body: unknown, request: MockRequest, context: RouteContext): void {
  for (const reference of referencesIn(operation.schema, body)) {
    const resolve = RESOLVERS[reference.id];
    if (!resolve) throw new Error(`${operation.schemaFile}: the mock cannot look up a ${reference.id} (src/mock/core/references.ts)`);
    if (typeof reference.value !== "string" || resolve(reference.value, request, context)) continue;
    // The defect unknown-reference-500: the lookup finds nothing and the service dereferences it all the same.
    if (context.options.unknownReference500) fail("unexpected");
    // The value quoted as far as a description holds it (a 40 000-character one is cut).
    const quoted = reference.value.length > 64 ? `${reference.value.slice(0, 64)}…` : reference.value;
    const response = coreError("referenceNotFound", [reference.id, quoted]);
    throw new MockFailure({
      ...response,
      spec: { ...response.spec!, places: [{ field: reference.pointer, problem: "names no resource" }] },
      invalidBodyWouldGet: operation.success[0]!,
    });
  }
}
