import { ruleCatalogue } from "../checks/index.js";
import type { CaseRecord } from "../gating/case-record.js";

/** A case as the reports keep it: its record, and the suite file that holds it (where a code-scanning alert points). */
export interface StoredCase extends CaseRecord {
  file?: string;
}

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * The run's open findings as SARIF 2.1.0, for code scanning (GitHub's upload-sarif) and other SARIF viewers:
 * one rule per pc-contract rule id, one result per case and rule, an error for a violation (or an expired
 * acceptance), a warning for a deviation; findings a baseline accepts are left out, as the gate leaves them.
 */
export function toSarif(cases: readonly StoredCase[], version: string): object {
  const catalogue = ruleCatalogue();
  const used = new Set<string>();
  const results = cases.flatMap((c) => {
    const seen = new Set<string>();
    return c.findings
      .filter((f) => f.baseline !== "accepted" && !seen.has(f.rule) && seen.add(f.rule))
      .map((f) => {
        used.add(f.rule);
        return {
          ruleId: f.rule,
          level: f.severity === "violation" || f.baseline === "expired" ? "error" : "warning",
          message: { text: `${c.id}: ${f.title} (at ${f.path}; expected status ${c.expected.join(" or ")}, got ${c.observed ?? "none"})` },
          locations: [
            {
              ...(c.file ? { physicalLocation: { artifactLocation: { uri: c.file }, region: { startLine: 1 } } } : {}),
              logicalLocations: [{ name: c.id, fullyQualifiedName: `${c.api}/${c.id}`, kind: "function" }],
            },
          ],
          partialFingerprints: { caseAndRule: `${c.id}|${f.rule}` },
        };
      });
  });
  const rules = [...used].sort().map((id) => {
    const spec = catalogue.get(id);
    return {
      id,
      shortDescription: { text: spec?.summary ?? id },
      defaultConfiguration: { level: spec?.severity === "deviation" ? "warning" : "error" },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "pc-contract", version, informationUri: "https://learn.microsoft.com/partner-center/developer/error-codes", rules } },
        results,
      },
    ],
  };
}
