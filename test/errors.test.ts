import { describe, expect, test } from "vitest";
import * as errors from "../src/errors.js";
import { AuthError, CatalogError, ConfigError, describeFailure, EnvironmentError, EXIT, PcContractError, TransportError } from "../src/errors.js";

describe("one error model", () => {
  const classes = Object.values(errors).filter(
    (v): v is typeof PcContractError =>
      typeof v === "function" && (v === PcContractError || Object.prototype.isPrototypeOf.call(PcContractError.prototype, v.prototype)),
  );

  test("every class has its own stable PC_ERR_* code and derives from PcContractError", () => {
    const codes = classes.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^PC_ERR(_[A-Z_]+)?$/);
    expect(classes.length).toBeGreaterThanOrEqual(15);
  });

  test("an instance carries its code, its exit status and its kind, and its message is one line without a stack into the loader", () => {
    const e = new CatalogError("schemas/catalog/x.json", "line 3", "is broken");
    expect([e.code, e.exit, e.kind, e.name]).toEqual(["PC_ERR_CATALOG", EXIT.harness, "catalog error", "CatalogError"]);
    expect(e.stack).toBe("CatalogError: schemas/catalog/x.json: line 3: is broken");
    expect(new TransportError("refused", "GET", "https://x.test/", "ECONNREFUSED").exit).toBe(EXIT.environment);
  });

  test("instanceof follows the family, and holds for an instance made by another copy of the module", () => {
    const auth = new AuthError("refused");
    expect([auth instanceof AuthError, auth instanceof EnvironmentError, auth instanceof PcContractError, auth instanceof ConfigError]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    // What a second copy of errors.ts (vite-node beside tsx) would make: the same brand, another class.
    const foreign = Object.assign(new Error("refused"), { [Symbol.for("pc-contract.error-codes")]: ["PC_ERR_AUTH", "PC_ERR_ENVIRONMENT", "PC_ERR"] });
    expect(foreign instanceof AuthError).toBe(true);
    expect(new Error("plain") instanceof PcContractError).toBe(false);
  });

  test("an edge prints one line and the error's exit code; anything else is a harness fault, exit 2, never 1", () => {
    expect(describeFailure(new ConfigError("PC_X is wrong"))).toEqual({ line: "configuration error: PC_X is wrong", exit: 2 });
    expect(describeFailure(new TypeError("boom"))).toMatchObject({
      line: expect.stringMatching(/^internal error \(please report it\): TypeError: boom/),
      exit: 2,
    });
  });
});
