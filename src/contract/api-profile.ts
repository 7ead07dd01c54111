import type { Validator } from "./create-ajv.js";

/**
 * The seam where an API plugs in. Everything that differs between Partner Center's APIs (and the identity
 * platform's token endpoint, whose errors the offline checker judges too) lives in one ApiProfile: what it
 * is called and documented as, where it is served, how its tokens are had, its envelope (read by an adapter
 * into one ErrorView, and built by the mock from one ErrorSpec), and its contract data.
 */
export type BuiltinApi = "core" | "referrals" | "oauth";
/** A registered API's name; the built-in ones are listed, a test may register another. */
export type ApiName = BuiltinApi | (string & {});

export type Severity = "violation" | "deviation";
export type Identity = "app" | "user";

/** How a resource created by a POST to a matching collection is removed again. */
export interface CleanupRule {
  /** The collection path the POST went to: /v1/customers. */
  readonly collection: RegExp;
  /**
   * The call that removes the resource at `path`; or `expires`: why no call is needed (a cart expires); or
   * `manual`: what a person must do, where no call can be made safely without more than the harness knows.
   */
  remove(
    path: string,
  ): { readonly method: string; readonly path: string; readonly body?: unknown } | { readonly expires: string } | { readonly manual: string };
  /** The page that documents the removal. */
  readonly source: string;
}

/** What is wrong with a body, as far as an API's codes tell faults apart. */
export type BodyFault = "missing" | "null" | "invalid";

export interface ApiProfile {
  readonly name: ApiName;
  /** "Core API": the report's epic and the matrix's heading. */
  readonly title: string;
  /** The page whose contract the API's cases are judged by. */
  readonly doc: { readonly url: string; readonly name: string };
  /** Requests whose path starts with this belong to the API (the longest matching prefix wins). */
  readonly pathPrefix: RegExp;
  /** The hosts Partner Center serves it on; writes are never sent there unless confirmed (shared with the sandbox). */
  readonly productionHosts: readonly string[];
  /** Where a run sends it; absent for an API the suite never targets (the token endpoint). */
  readonly origin?: {
    readonly variable: string;
    readonly description: string;
    /** An API whose origin this one takes when its own variable is unset. */
    readonly fallback?: ApiName;
  };
  /** How its bearer tokens are had; absent when it takes none. */
  readonly auth?: {
    /** The resource a token is issued for: the scope is `${audience}/.default`. */
    readonly audience: string;
    readonly tokenVariable: string;
    readonly tokenDescription: string;
    /** An API whose static token this one uses when its own variable is unset. */
    readonly tokenFallback?: ApiName;
    /** The identity a probe's token carries unless it says otherwise. */
    readonly defaultIdentity: Identity;
    /** App-only tokens are refused (403) on every route. */
    readonly userOnly: boolean;
    /** Whose token a probe borrows to send a valid token of the wrong audience. */
    readonly otherAudience: ApiName;
  };
  /** One call that must succeed before the first probe: the API answers and accepts the token. */
  readonly preflight?: { readonly path: string; readonly identity: Identity };
  /** The statuses a body in an unsupported media type may get (415 where the API documents it; core: 400, or a tolerated 415). */
  readonly unsupportedMediaTypeStatuses: readonly number[];
  /**
   * The inner error code the API's page gives for each fault of a request body (Referrals: 99903 missing input,
   * 99909 not nullable, 99901 invalid input); absent where the documents give none per fault.
   */
  readonly faultCodes?: Readonly<Record<BodyFault, string>>;
  readonly envelope: EnvelopeAdapter;
  /** Loads the API's contract data; the catalog calls it once and caches the result. */
  loadContract(source: ContractSource): ApiContract;
  /**
   * What a run does with a resource a POST created by accident (a bad write the service accepted): the call that
   * removes it, or why none is needed. A resource no rule covers is listed for a person to remove.
   */
  readonly cleanup?: readonly CleanupRule[];
  /** The mock's error builder: the API's envelope for an error described neutrally. */
  renderError(spec: ErrorSpec): unknown;
}

/** Reads an API's contract data from the catalog folder: its statuses, header rules and schema files. */
export interface ContractSource {
  /** The schemas folder (envelope schemas; catalog/ below it). */
  readonly dir: string;
  statuses(api: ApiName): StatusSet;
  headers(api: ApiName): HeaderRules;
  /** Compiles `schemas/<file>` (optionally one `#/$defs/...` fragment), naming the file when it fails. */
  schema(file: string, fragment?: string): Validator;
  readText(file: string): string;
  readJson(file: string): unknown;
  /** Reads `schemas/<file>` and holds it to `schemas/<schemaFile>`. */
  readChecked<T>(file: string, schemaFile: string): T;
}

export interface DocumentedStatus {
  status: number;
  name: string;
  provokedBy: "client" | "server";
}

export interface StatusSet {
  /** Where the list comes from. */
  source: string;
  success: readonly number[];
  errors: readonly DocumentedStatus[];
  /** Statuses the page does not list that a framework answers with: a deviation, not a violation. */
  tolerated?: readonly { status: number; source: string }[];
  /** Error statuses documented or known to come without a body: a deviation, not a violation. */
  bodiless?: readonly { status: number; source: string }[];
}

export interface HeaderRules {
  wwwAuthenticate: { header: string; statuses: number[]; missingSeverity: Severity; source: string; form?: { pattern: string; severity: Severity } };
  allow: { header: string; statuses: number[]; source: string };
  retryAfter: { header: string; requiredOn: number[]; missingSeverity: Severity; source: string };
  /** echoed: request ids that must come back as sent; present: trace ids the API answers with. */
  requestIds: { echoed: string[]; present: string[]; source: string };
  /** charset: the one a JSON body should declare; tolerated: other media types known for JSON errors (a deviation). */
  contentType: { header: string; pattern: string; charset?: string; tolerated?: { pattern: string; source: string }[]; source: string };
}

/** What a code table says of a code: the statuses it is documented with and what it means. */
export interface CodeRow {
  code: string;
  status: number;
  description: string;
  /** 0: the top-level code; 1: an inner code (any depth). */
  level: 0 | 1;
  /** Other statuses the documents give the code, contradicting this row: a mismatch with them is a deviation. */
  contradictedBy?: readonly { status: number; source: string }[];
}

export interface CodeTable {
  /** Documented rows of a code at this depth of the error (0: top level); none when the table does not know it. */
  lookup(code: string, depth: number): readonly CodeRow[];
  /** Every documented (code, status) pair once, for the matrix. */
  rows: readonly CodeRow[];
  /** What a code carried with a status its table does not give it is: the core page contradicts itself. */
  mismatch: Severity;
  /** Whether the table gives any code for this status at this depth (then an unknown code there is worth saying). */
  documentsStatus(status: number, depth: number): boolean;
  /** The form codes take at this depth, when the documents give one (Referrals inner codes are numeric strings). */
  codeForm?(depth: number): RegExp | undefined;
}

export interface ApiContract {
  statuses: StatusSet;
  /** The error statuses, as a set (the status check asks on every exchange). */
  documented: ReadonlySet<number>;
  codes: CodeTable;
  headers: HeaderRules;
  /** The envelope's schema, applied to the envelope without its inner chain. */
  validate: Validator;
  /** One level of the inner chain, without its child; absent when the envelope has no chain. */
  validateLevel?: Validator;
  /** Validators of the other envelopes the API is known to answer with, and of its documented forms, by name. */
  variants: Readonly<Record<string, Validator>>;
}

/** What a rule states and how badly breaking it counts, keyed by rule name. */
export type RuleSpecs = Record<string, { severity: Severity; summary: string }>;

/** A schema error the service is known to make, reported as a deviation with its own rule. */
export interface KnownDeviation {
  rule: string;
  /** Where it applies: the envelope's top level (the envelope check) or each inner level (the inner-error check). */
  scope?: "envelope" | "level";
  pointer: RegExp;
  keyword: string;
  /** The JSON type of the value that makes it known: a numeric code, a string item, a null. */
  valueType?: "number" | "string" | "null";
  title(value: unknown): string;
}

/** Another envelope an API is known to answer with (the throttling page's 429 body). */
export interface EnvelopeVariant {
  name: string;
  rule: string;
  matches(json: unknown): boolean;
  /** Statuses on which it is known; elsewhere it is the wrong envelope. */
  statuses: readonly number[];
  title: string;
}

/**
 * Another form of the API's own envelope that an official page shows (the core API's extended
 * `{code, message, description, errorName, isRetryable, ...}`): read into the same view, validated by its own
 * schema, and a deviation at most.
 */
export interface DocumentedForm {
  name: string;
  rule: string;
  matches(json: unknown): boolean;
  title: string;
}

export interface EnvelopeAdapter {
  /** The envelope in one line, for messages: `{"code", "description", "data"[], "source"}`. */
  readonly shape: string;
  matches(json: unknown): boolean;
  /** Reads a body that matches into the one view every check, the evidence and the case record use. */
  view(json: unknown): ErrorView;
  /** The envelope without its inner chain (schema-validated; the chain is validated level by level). */
  topLevel(json: unknown): unknown;
  /** How the inner chain's key is spelled in the documents, when there is a chain. */
  readonly chainKey?: string;
  readonly knownDeviations: readonly KnownDeviation[];
  readonly variants: readonly EnvelopeVariant[];
  readonly forms: readonly DocumentedForm[];
}

/** Deeper chains are not walked: no documented chain comes close, and a hostile body must not cost more. */
export const MAX_INNER_ERROR_DEPTH = 64;

export interface ErrorLevel {
  /** 0: the error itself; 1, 2, ...: its inner errors. */
  depth: number;
  pointer: string;
  /** The key it was found under (`innerError`, or another spelling); "" for the root. */
  key: string;
  value: unknown;
  code?: { pointer: string; value: unknown };
}

/** An error body as every reader needs it, computed once per exchange by the API's adapter. */
export interface ErrorView {
  /** The message the contract bounds (1 to 1024 characters). */
  message?: { pointer: string; value: unknown };
  /** The error and its inner chain, outermost first, walked once and at most MAX_INNER_ERROR_DEPTH deep. */
  levels: ErrorLevel[];
  /** Where a level deeper than MAX_INNER_ERROR_DEPTH was found, not walked. */
  truncatedAt?: string;
  /** The fields the error names under a field-like key (Referrals target, a `field` property), as written. */
  places: string[];
  /** Keys and strings that may name a field or may name an error (details keyed by error name, string data items). */
  hints: string[];
  /** Levels that carry their inner error under two spellings at once (`innerError` and `InnerError`). */
  conflicts: { pointer: string; keys: string[] }[];
  /** Where the API keeps them, for findings: `/data` "data". */
  placesAt: { pointer: string; name: string };
}

/** An error described neutrally; each API's renderError turns it into its envelope. */
export interface ErrorSpec {
  code?: string | number;
  message: string;
  /** Where the error came from (Referrals target). */
  target?: string;
  /** The inner chain, outermost first. */
  inner?: InnerErrorSpec[];
  /** How the chain key is spelled, when not as documented. */
  innerKey?: string;
  /** The fields the request got wrong (a JSON pointer each) and what is wrong with them. */
  places?: { field: string; problem: string }[];
  /** How the places are written: by field (documented), as bare strings, or keyed by the error's name. */
  placesAs?: "fields" | "strings" | "error-names";
  /** The optional fields (core data, Referrals target) sent as null. */
  nullOptional?: boolean;
  /** The envelope in another documented form (the core API's extended one). */
  form?: string;
}

export interface InnerErrorSpec {
  code?: string | number;
  message: string;
  details?: unknown[] | null;
}

/** A value per API, keyed by API name. */
export type ByApi<T> = Record<string, T>;
