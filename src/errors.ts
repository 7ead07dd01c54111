/**
 * Every error pc-contract raises, in one family. Each class has a stable `code` (PC_ERR_*), the exit status a
 * run ends with when it reaches an edge (global setup, CLI, mock CLI, report script), and a `kind`: the words
 * the one-line message starts with. Only the edges decide to exit; everything below throws.
 */

/** Exit codes a CI job can tell apart. */
export const EXIT = {
  /** Every case passed. */
  conformant: 0,
  /** A contract finding failed a case (or a target failed mid-run, per case). */
  contractFailures: 1,
  /** The harness cannot run: configuration, a catalog, baseline or recording it cannot read. */
  harness: 2,
  /** The target cannot be used: unreachable, TLS, refused credentials, or it became unavailable mid-run. */
  environment: 3,
  /** Every case passed, but the run was too thin for a gate: PC_MIN_COVERAGE, PC_FAIL_ON_SKIP. */
  gate: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Marks instances of the family, so `instanceof` holds across two copies of this module (vite-node, tsx). */
const CODES: unique symbol = Symbol.for("pc-contract.error-codes");

export class PcContractError extends Error {
  static readonly code: string = "PC_ERR";
  readonly code: string;
  readonly exit: ExitCode;
  readonly kind: string;
  declare readonly [CODES]: readonly string[];

  constructor(message: string, options: { exit: ExitCode; kind: string; cause?: unknown }) {
    // The stack is replaced below: not capturing one saves its cost where errors are answers (the mock's, thousands a run).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Error.stackTraceLimit = limit;
    const chain: string[] = [];
    for (let c = new.target as unknown as { code?: string } | null; c && c.code; c = Object.getPrototypeOf(c)) chain.push(c.code);
    this.name = new.target.name;
    this.code = chain[0]!;
    this.exit = options.exit;
    this.kind = options.kind;
    Object.defineProperty(this, CODES, { value: chain });
    // The message is the whole story; a stack into the loader would only bury it.
    this.stack = `${this.name}: ${message}`;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    const codes = (value as { [CODES]?: readonly string[] } | null)?.[CODES];
    return Array.isArray(codes) && codes.includes(this.code);
  }

  /** The one line an edge prints before it exits. */
  line(): string {
    return `${this.kind}: ${this.message}`;
  }
}

/** A configuration the run cannot start with; the message names the variable and what is wrong with it. */
export class ConfigError extends PcContractError {
  static override readonly code: string = "PC_ERR_CONFIG";
  constructor(message: string, kind = "configuration error") {
    super(message, { exit: EXIT.harness, kind });
  }
}

/** A baseline file that cannot be used; names the file and the entry. */
export class BaselineError extends ConfigError {
  static override readonly code: string = "PC_ERR_BASELINE";
  constructor(message: string) {
    super(message, "baseline error");
  }
}

/** A contract data file that cannot be used: names the file and the place, so the fix is one edit away. */
export class CatalogError extends PcContractError {
  static override readonly code: string = "PC_ERR_CATALOG";
  constructor(
    readonly file: string,
    readonly place: string,
    problem: string,
  ) {
    super(`${file}: ${place}: ${problem}`, { exit: EXIT.harness, kind: "catalog error" });
  }
}

/** A HAR file the harness cannot use: names the file and the entry. */
export class HarError extends PcContractError {
  static override readonly code: string = "PC_ERR_HAR";
  constructor(file: string, place: string, problem: string) {
    super(`${file}: ${place}: ${problem}`, { exit: EXIT.harness, kind: "recording error" });
  }
}

/** The report folder or a report file cannot be written or read as a report. */
export class ReportError extends PcContractError {
  static override readonly code: string = "PC_ERR_REPORT";
  constructor(message: string) {
    super(message, { exit: EXIT.harness, kind: "report error" });
  }
}

/** The bundled mock cannot start as asked (an unknown defect, a port in use). */
export class MockError extends PcContractError {
  static override readonly code: string = "PC_ERR_MOCK";
  constructor(message: string) {
    super(message, { exit: EXIT.harness, kind: "mock error" });
  }
}

/** A command line the CLI cannot run. */
export class UsageError extends PcContractError {
  static override readonly code: string = "PC_ERR_USAGE";
  constructor(message: string) {
    super(message, { exit: EXIT.harness, kind: "usage" });
  }
}

/** An environment problem: the target or the identity platform, not the contract. */
export class EnvironmentError extends PcContractError {
  static override readonly code: string = "PC_ERR_ENVIRONMENT";
  constructor(message: string) {
    super(message, { exit: EXIT.environment, kind: "environment problem" });
  }
}

/** The token endpoint refused to issue a token. */
export class AuthError extends EnvironmentError {
  static override readonly code: string = "PC_ERR_AUTH";
}

/** A throttled target kept answering 429/503 longer than the run may wait. */
export class ThrottledError extends EnvironmentError {
  static override readonly code: string = "PC_ERR_THROTTLED";
}

/** The target cannot be used at all (found by the preflight): not a contract finding, not worth a single probe. */
export class TargetUnusable extends EnvironmentError {
  static override readonly code: string = "PC_ERR_TARGET_UNUSABLE";
}

export type TransportFault = "refused" | "reset" | "timeout" | "oversize" | "truncated" | "dns" | "tls" | "protocol" | "other";

/**
 * The target could not give a complete HTTP response: typed apart from contract findings, so a dead host is
 * reported as an environment problem, not as a contract violation.
 */
export class TransportError extends EnvironmentError {
  static override readonly code: string = "PC_ERR_TRANSPORT";
  constructor(
    readonly fault: TransportFault,
    readonly method: string,
    readonly url: string,
    detail: string,
  ) {
    super(`${fault}: ${method} ${url}: ${detail}`);
  }
}

/**
 * A case cannot be sent, for a reason that is no one's fault: the run's budget is spent, or a replayed
 * recording lacks it. Its case is skipped, saying why; it never reaches an edge.
 */
export class NotSent extends PcContractError {
  static override readonly code: string = "PC_ERR_NOT_SENT";
  constructor(message: string) {
    super(message, { exit: EXIT.harness, kind: "not sent" });
  }
}

/** The run's request or time budget is spent. */
export class BudgetExhausted extends NotSent {
  static override readonly code: string = "PC_ERR_BUDGET";
}

/** Replay found no recorded exchange for a case: it did not run when the recording was made. */
export class NotRecorded extends NotSent {
  static override readonly code: string = "PC_ERR_NOT_RECORDED";
}

/** One case met an environment problem mid-run: fails that case with one line, never as a contract violation. */
export class EnvironmentFailure extends PcContractError {
  static override readonly code: string = "PC_ERR_ENVIRONMENT_FAILURE";
  constructor(message: string) {
    super(message, { exit: EXIT.contractFailures, kind: "environment problem" });
  }
}

/** A contract violation (Allure files it as failed, not broken); its message is the whole story. */
export class ContractAssertionError extends PcContractError {
  static override readonly code: string = "PC_ERR_CONTRACT";
  constructor(message: string) {
    super(message, { exit: EXIT.contractFailures, kind: "contract failure" });
  }
}

/**
 * What an edge does with an error: a PcContractError is one line and its exit code; anything else is a bug in
 * the harness, reported with its stack and exit 2 (never 1, which means the contract failed).
 */
export function describeFailure(error: unknown): { line: string; exit: ExitCode } {
  if (error instanceof PcContractError) return { line: error.line(), exit: error.exit };
  const e = error as { stack?: string; message?: string };
  return { line: `internal error (please report it): ${e?.stack ?? e?.message ?? String(error)}`, exit: EXIT.harness };
}
