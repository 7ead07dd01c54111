import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMock, type RunningMock } from "../src/mock/server.js";
import { runProbe } from "../src/probes/run-probe.js";
import { createTarget, mockTargetSpec } from "../src/probes/target.js";
import { bodyReferences, enumerateCases, fuzzCases, sitesOf, validPath } from "../src/generate/build-cases.js";
import { generateValidBody } from "../src/generate/generate-valid-body.js";
import { getAt } from "../src/contract/json-pointer.js";
import { bundledOperations, loadOperations, requestsDir } from "../src/contract/operations.js";
import { bodyMutations, fieldMutations } from "../src/generate/mutations.js";
import { riskOf } from "../src/probes/probe.js";

const operations = bundledOperations();
const writes = operations.filter((o) => o.hasBody);

describe("request schemas", () => {
  test("cover the operations the first issue named, and at least 20 more writes, each from its page", () => {
    const ids = operations.map((o) => o.id);
    expect(ids.slice(0, 6)).toEqual(["referrals.create", "referrals.update", "customers.create", "address.validate", "customer-users.create", "carts.create"]);
    expect(operations.filter((o) => o.method !== "GET").length).toBeGreaterThanOrEqual(22);
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const operation of operations.filter((o) => !o.hasBody)) expect(operation.doc, operation.id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    for (const operation of operations.slice(6).filter((o) => o.hasBody)) {
      expect(operation.schema.$comment, operation.schemaFile).toMatch(
        /^From https:\/\/learn\.microsoft\.com\/partner-center\/developer\/[\w-]+ \(read \d{4}-\d{2}-\d{2}\)\./,
      );
    }
  });

  test("a schema that does not compile is refused with its file", () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-requests-"));
    cpSync(requestsDir, dir, { recursive: true });
    writeFileSync(
      join(dir, "cart-create.schema.json"),
      JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { a: { minLength: "x" } } }),
    );
    expect(() => loadOperations(dir)).toThrow(/cart-create\.schema\.json: schema: does not compile/);
  });
});

describe("valid bodies", () => {
  test.each(writes.map((o) => [o.id, o] as const))("%s: the same seed gives the same bytes, and the schema accepts them", (_, operation) => {
    for (const seed of [0, 1, 42, 4294967295]) {
      const body = generateValidBody(operation, seed);
      expect(JSON.stringify(generateValidBody(operation, seed))).toBe(JSON.stringify(body));
      expect(operation.validate(body)).toEqual([]);
    }
    expect(JSON.stringify(generateValidBody(operation, 1))).not.toBe(JSON.stringify(generateValidBody(operation, 2)));
  });

  test("a field the schema hints as a country code gets a real one (ISO 3166-1, as Intl names regions), not a pattern's random pair", () => {
    const regions = new Intl.DisplayNames(["en"], { type: "region" });
    const hinted = (schema: unknown, at = ""): string[] => {
      if (!schema || typeof schema !== "object") return [];
      const node = schema as Record<string, unknown>;
      const here = node.faker === "location.countryCode" ? [at] : [];
      const props = Object.entries((node.properties as Record<string, unknown>) ?? {}).flatMap(([k, v]) => hinted(v, `${at}/${k}`));
      return [...here, ...props, ...hinted(node.items, `${at}/0`)];
    };
    let seen = 0;
    for (const operation of writes)
      for (const pointer of hinted(operation.schema))
        for (const seed of [1, 2, 3, 4, 5]) {
          const code = getAt(generateValidBody(operation, seed), pointer);
          if (typeof code !== "string") continue;
          seen++;
          // DisplayNames gives an unknown region back as its code ("QG" -> "QG").
          expect(regions.of(code), `${operation.id} ${pointer} seed ${seed}: ${code}`).not.toBe(code);
        }
    expect(seen).toBeGreaterThanOrEqual(20);
  });

  describe("are accepted by the mock (so 'invalid' later means something)", () => {
    let mock: RunningMock;
    beforeAll(async () => {
      mock = await startMock();
    });
    afterAll(() => mock.close());

    test.each(operations.map((o) => [o.id, o] as const))("%s", async (_, operation) => {
      const target = createTarget(mockTargetSpec(mock));
      const valid = (seed: number) => generateValidBody(operation, seed);
      for (const seed of [3, 5, 8, 13]) {
        const probe = {
          id: `${operation.id}/valid`,
          api: operation.api,
          area: "generated" as const,
          method: operation.method,
          path: validPath(operation),
          ...(operation.identity ? { auth: operation.identity } : {}),
          // Where the body names a resource (a user, a catalog item), the request carries the target's id.
          ...(operation.hasBody ? { body: { json: valid(seed) }, ...bodyReferences(operation, valid(seed), JSON.stringify(valid(seed))) } : {}),
          expect: { status: operation.success },
          scope: "mock" as const,
          source: "test",
        };
        const outcome = await runProbe(probe, target);
        expect(outcome.kind === "checked" && outcome.exchange.response.status, `seed ${seed}`).toBeOneOf(operation.success);
      }
    });
  });
});

describe("generated cases", () => {
  const cases = enumerateCases(11);

  test("at least 300, and their ids do not depend on the seed", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(enumerateCases(12).map((c) => c.id)).toEqual(cases.map((c) => c.id));
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  test("the same id and seed give the same request bytes", () => {
    expect(JSON.stringify(enumerateCases(11))).toBe(JSON.stringify(cases));
  });

  test("every named mutation applies somewhere", () => {
    for (const m of [...fieldMutations, ...bodyMutations])
      expect(
        cases.some((c) => c.id.includes(`/${m.name}`)),
        m.name,
      ).toBe(true);
  });

  test.each(operations.map((o) => [o.id, o] as const))(
    "%s: each field case breaks its schema exactly where it says (or, for an unknown property, not at all)",
    (_, operation) => {
      const fieldCases = cases.filter((k) => fieldMutations.some((m) => k.id.startsWith(`${operation.id}/${m.name}:`)));
      for (const c of fieldCases) {
        // A body with a number JSON.stringify cannot write (1e400) travels as text.
        const body = "json" in c.body! ? c.body.json : JSON.parse((c.body as { text: string }).text);
        const errors = operation.validate(body);
        // An id that names nothing has the right form: its fault is one only the target's resources show.
        if (c.id.includes("/reference-names-nothing:")) {
          expect(errors, c.id).toEqual([]);
          continue;
        }
        if (c.expect.status.includes(400)) {
          expect(errors.length, c.id).toBeGreaterThan(0);
          for (const pointer of c.expect.pointers ?? [])
            expect(
              errors.some((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`)),
              `${c.id} has an error at ${pointer}`,
            ).toBe(true);
        } else {
          expect(errors, c.id).toEqual([]);
          expect(getAt(body, c.id.split(":")[1]!), c.id).toBe("ignored");
        }
      }
    },
  );

  test("a body mutation stays invalid however a service reads it: duplicate keys either way, a body whose label is ignored", () => {
    for (const operation of writes) {
      const dup = cases.find((c) => c.id === `${operation.id}/duplicate-keys`)!;
      const text = (dup.body as { text: string }).text;
      const key = dup.expect.pointers![0]!.split("/").pop()!;
      const lastWins = JSON.parse(text);
      const firstWins = JSON.parse(text.replace(`,${JSON.stringify(key)}:null}`, "}"));
      expect(operation.validate(lastWins).length, `${dup.id} last wins`).toBeGreaterThan(0);
      expect(operation.validate(firstWins).length, `${dup.id} first wins`).toBeGreaterThan(0);
      const labelled = cases.find((c) => c.id === `${operation.id}/wrong-content-type`)!;
      expect(operation.validate(JSON.parse((labelled.body as { text: string }).text)).length, labelled.id).toBeGreaterThan(0);
    }
  });

  test("a case is a rejected write only where the documents make the body invalid, or nothing can change", () => {
    const risk = (id: string) => riskOf(cases.find((c) => c.id === id)!);
    expect(risk("customers.create/remove-required:/billingProfile/email")).toBe("rejected-write");
    expect(risk("referrals.create/enum-outside:/type")).toBe("rejected-write");
    expect(risk("customers.create/too-long:/billingProfile/companyName")).toBe("write");
    expect(risk("customers.create/change-type:/billingProfile/companyName")).toBe("write");
    expect(risk("customers.create/null-not-nullable:/companyProfile/organizationRegistrationNumber")).toBe("write");
    expect(risk("address.validate/too-long:/city")).toBe("rejected-write");
    expect(risk("referrals.create/unknown-property:/pcContractUnknownProperty")).toBe("write");
  });

  test("mutations apply wherever the schema allows them: a new field brings its cases", () => {
    const operation = operations.find((o) => o.id === "address.validate")!;
    const grown = {
      ...operation,
      schema: { ...operation.schema, properties: { ...(operation.schema.properties as object), county: { type: "string", maxLength: 5 } } },
    };
    const added = sitesOf(grown)
      .filter((s) => s.pointer === "/county")
      .map((s) => s.mutation.name);
    expect(added).toEqual(["change-type", "null-not-nullable", "too-long", "string-40000"]);
  });
});

describe("fuzz cases", () => {
  test("case i is the same whatever the run count, so a printed replay command reproduces it", () => {
    const few = fuzzCases(99, 5);
    const many = fuzzCases(99, 40);
    for (const c of few)
      expect(JSON.stringify(many.find((m) => m.id === c.id))).toBe(JSON.stringify({ ...c, replay: many.find((m) => m.id === c.id)!.replay }));
    expect(few.every((c) => c.replay?.startsWith("PC_SEED=99 PC_FUZZ_RUNS="))).toBe(true);
  });

  test("stacks mutations at unrelated places", () => {
    const stacked = fuzzCases(7, 200).filter((c) => (c.expect.pointers?.length ?? 0) > 1);
    expect(stacked.length).toBeGreaterThan(50);
  });
});
