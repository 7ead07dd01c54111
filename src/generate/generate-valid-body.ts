// The English locale alone: the package's main entry loads every locale (~200 ms of each worker's start).
import { faker } from "@faker-js/faker/locale/en";
import { generateSync } from "json-schema-faker";
import { deriveSeed } from "./prng.js";
import type { RequestOperation } from "../contract/operations.js";

const ATTEMPTS = 20;

/**
 * A body the operation's schema accepts, from json-schema-faker with faker hints. The same operation and seed
 * give the same bytes: both generators are seeded from them. Faker can produce a value the schema refuses;
 * then the next derived seed is tried, deterministically.
 */
export function generateValidBody(operation: RequestOperation, seed: number): unknown {
  let lastErrors = "";
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const derived = deriveSeed(seed, `${operation.id}#${attempt}`);
    faker.seed(derived);
    const body = generateSync(operation.schema as never, {
      seed: derived,
      extensions: { faker },
      alwaysFakeOptionals: true,
      useDefaultValue: true,
      maxItems: 2,
      minDateTime: "2026-01-01",
      maxDateTime: "2027-12-31",
    });
    const errors = operation.validate(body);
    if (errors.length === 0) return body;
    lastErrors = errors.map((e) => `${e.pointer} ${e.message}`).join("; ");
  }
  throw new Error(`${operation.schemaFile}: no valid body in ${ATTEMPTS} attempts from seed ${seed}: ${lastErrors}`);
}
