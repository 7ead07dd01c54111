import { describe, expect, test } from "vitest";
import { createAjv } from "../src/contract/create-ajv.js";
import { getAt, setAt } from "../src/contract/json-pointer.js";
import { bundledOperations } from "../src/contract/operations.js";
import { referenceOf, referencesIn } from "../src/contract/references.js";
import { TENANT_IDS } from "../src/contract/tenant-ids.js";
import { enumerateCases } from "../src/generate/build-cases.js";
import { generateValidBody } from "../src/generate/generate-valid-body.js";
import { locations } from "../src/generate/mutations.js";
import { resolvableReferences } from "../src/mock/core/references.js";
import { loadMockTenant } from "../src/mock/mock-options.js";
import { startMock } from "../src/mock/server.js";
import { buildRequest, missingIds } from "../src/probes/build-request.js";
import type { Probe } from "../src/probes/probe.js";
import { runProbe, skipReason } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec } from "../src/probes/target.js";

/**
 * Body values that name a resource (`x-pc-reference`): the valid bodies carry the target's ids there, and the kind
 * reference-names-nothing puts an id of the same form that names nothing in their place (404, or 400 as the table
 * answers an unknown offer).
 */
const referenced = bundledOperations().flatMap((operation) =>
  locations(operation.schema).flatMap((location) => {
    const reference = referenceOf(location.schema);
    return reference ? [{ operation, location, reference }] : [];
  }),
);
const cases = enumerateCases(20261207);

describe("body references", () => {
  test("the schemas mark the ids their bodies name: a role member's user, the catalog items of orders and carts", () => {
    expect(referenced.map((r) => `${r.operation.id}${r.location.pointer} ${r.reference.id}`).sort()).toEqual([
      "carts.create/lineItems/0/catalogItemId catalogItemId",
      "carts.update/lineItems/0/catalogItemId catalogItemId",
      "directory-role-members.add/Id userId",
      "orders.create/lineItems/0/offerId catalogItemId",
    ]);
  });

  test.each(referenced.map((r) => [`${r.operation.id}${r.location.pointer}`, r] as const))(
    "%s: a tenant id with its variable, seeded by the mock, looked up by it, and a 'nothing' the schema accepts",
    (_, { operation, location, reference }) => {
      expect(Object.keys(TENANT_IDS)).toContain(reference.id);
      expect(loadMockTenant().ids[reference.id]).toBeDefined();
      expect(resolvableReferences()).toContain(reference.id);
      // The id that names nothing is of the right form: the reference is the case's one fault.
      const valid = generateValidBody(operation, 7);
      expect(operation.validate(setAt(valid, location.pointer, reference.nothing))).toEqual([]);
      expect(operation.validate(setAt(valid, location.pointer, loadMockTenant().ids[reference.id]))).toEqual([]);
    },
  );

  test("a malformed annotation keeps the schema from loading", () => {
    const ajv = createAjv();
    expect(() => ajv.compile({ type: "string", "x-pc-reference": { id: "userId" } })).toThrow(/nothing/);
    expect(() => ajv.compile({ type: "string", "x-pc-reference": { id: "userId", nothing: "x" } })).not.toThrow();
  });

  test("referencesIn finds every item of an array, and nothing where the body lacks the property", () => {
    const operation = bundledOperations().find((o) => o.id === "carts.create")!;
    const body = { lineItems: [{ catalogItemId: "A" }, { catalogItemId: "B" }, { quantity: 1 }] };
    expect(referencesIn(operation.schema, body)).toEqual([
      { pointer: "/lineItems/0/catalogItemId", id: "catalogItemId", value: "A" },
      { pointer: "/lineItems/1/catalogItemId", id: "catalogItemId", value: "B" },
    ]);
  });

  test("a request carries the target's ids where the generated body held stand-ins, in JSON and raw bodies alike", () => {
    const ids = { customerId: "c", catalogItemId: "DZH318Z0BQ3Q:0001:DZH318XZXPHL" };
    const probe: Probe = {
      id: "carts.create/x",
      api: "core",
      area: "generated",
      method: "POST",
      path: "/v1/customers/{customerId}/carts",
      body: { json: { lineItems: [{ catalogItemId: "AAAAAAAAAAAA:0001:BBBBBBBBBBBB", quantity: 1 }, { catalogItemId: "AAAAAAAAAAAA:0001:BBBBBBBBBBBB" }] } },
      references: [{ id: "catalogItemId", stand: "AAAAAAAAAAAA:0001:BBBBBBBBBBBB" }],
      expect: { status: [201] },
      scope: "any",
      source: "test",
    };
    const sent = JSON.parse(Buffer.from(buildRequest(probe, { core: "http://x" }, ids).body!).toString()) as unknown;
    expect([getAt(sent, "/lineItems/0/catalogItemId"), getAt(sent, "/lineItems/1/catalogItemId")]).toEqual([ids.catalogItemId, ids.catalogItemId]);
    const raw: Probe = { ...probe, body: { text: '{"lineItems":[{"catalogItemId":"AAAAAAAAAAAA:0001:BBBBBBBBBBBB","quantity":1e400}]}' } };
    expect(Buffer.from(buildRequest(raw, { core: "http://x" }, ids).body!).toString()).toBe(
      '{"lineItems":[{"catalogItemId":"DZH318Z0BQ3Q:0001:DZH318XZXPHL","quantity":1e400}]}',
    );
    expect(missingIds(probe, { customerId: "c" })).toEqual(["catalogItemId"]);
  });

  test("only the stand-ins still in a case's body are named: the case's own fault stays as generated", () => {
    const nothing = cases.find((c) => c.id === "orders.create/reference-names-nothing:/lineItems/0/offerId")!;
    expect(nothing.expect.status).toEqual([400, 404]);
    expect(nothing.expect.tolerated).toEqual([201]);
    expect(JSON.stringify(nothing.body)).toContain("CFQ7TTC0ZZZZ:0404:CFQ7TTC0ZZZZ");
    const member = cases.find((c) => c.id === "directory-role-members.add/reference-names-nothing:/Id")!;
    expect(member.references).toBeUndefined();
    expect(cases.find((c) => c.id === "directory-role-members.add/remove-required:/DisplayName")!.references?.map((r) => r.id)).toEqual(["userId"]);
  });

  test("against the mock: valid bodies name its resources and are accepted; an id that names nothing gets 404 naming the field", async () => {
    const mock = await startMock();
    const target = createTarget(mockTargetSpec(mock));
    try {
      const valid = await runProbe(
        cases.find((c) => c.id === "orders.create/unknown-property:/pcContractUnknownProperty")!,
        target,
      );
      expect(valid.kind === "checked" && [valid.exchange.response.status, valid.findings]).toEqual([201, []]);
      const nothing = await runProbe(
        cases.find((c) => c.id === "directory-role-members.add/reference-names-nothing:/Id")!,
        target,
      );
      expect(nothing.kind === "checked" && nothing.exchange.response.status).toBe(404);
      expect(nothing.kind === "checked" && Buffer.from(nothing.exchange.response.body).toString()).toContain("/Id");
      expect(nothing.kind === "checked" && nothing.findings).toEqual([]);
      // A target that names no catalog item skips the cases whose valid bodies need one, and says which variable to set.
      const { catalogItemId: _, ...ids } = target.ids;
      const without = createTarget({ ...mockTargetSpec(mock), ids });
      expect(
        skipReason(
          cases.find((c) => c.id === "orders.create/unknown-property:/pcContractUnknownProperty")!,
          without,
        ),
      ).toMatch(/catalogItemId \(set PC_CATALOG_ITEM_ID\)/);
      await without.dispatcher.close();
    } finally {
      await target.dispatcher.close();
      await mock.close();
    }
  });
});
