export type ApiName = "core" | "referrals";
export const apiNames: readonly ApiName[] = ["core", "referrals"];

export interface DocumentedStatus {
  status: number;
  name: string;
  provokedBy: "client" | "server";
}

export interface ApiStatuses {
  title: string;
  host: string;
  source: string;
  success: number[];
  errors: DocumentedStatus[];
}

export interface CodeRow {
  status: number;
  code: string;
  description: string;
  firstDocumented?: string;
}

export interface HeaderRules {
  wwwAuthenticate: {
    header: string;
    statuses: number[];
    required: boolean;
    source: string;
    form: Partial<Record<ApiName, { pattern: string; severity: "violation" | "deviation" }>>;
  };
  allow: { header: string; statuses: number[]; required: boolean; source: string };
  retryAfter: { header: string; requiredOn: number[]; source: string };
  requestIds: { headers: string[]; source: string };
  contentType: { header: string; pattern: string; source: string };
}

export interface Catalog {
  statuses: Record<ApiName, ApiStatuses>;
  /** Core numeric table keyed on `${status} ${code}`: one code can carry two statuses, and one pair two wordings. */
  coreCodes: Map<string, CodeRow[]>;
  /** The same rows keyed on the code alone, every status it carries. */
  coreCodesByCode: Map<string, CodeRow[]>;
  coreRows: CodeRow[];
  referralsTopLevel: Map<string, CodeRow>;
  referralsInner: Map<string, CodeRow>;
  headers: HeaderRules;
}

export const codeKey = (status: number, code: string | number): string => `${status} ${String(code)}`;
