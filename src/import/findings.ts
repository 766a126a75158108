/**
 * What an import says about the fields it read: each one is mapped, or reported here with where it came from.
 *
 * - `invalid`: the input cannot be imported as it is (a wrong type, an unknown field, a missing file, a value the
 *   platform refuses); nothing is written.
 * - `leftOut`: a field az ml knows that the stack configuration has no place for; the rest is written.
 * - `note`: something the reader should know that loses nothing (a read-only field, a default made explicit, a
 *   traffic map that now needs a rollout policy).
 */
export type FindingKind = "invalid" | "leftOut" | "note";

/** One finding: `<file>:<line>: <field>: <message>`. */
export interface ImportFinding {
    readonly kind: FindingKind;
    /** The file as it was named (a folder's files joined to the folder's path); absent for the assembled config. */
    readonly file?: string;
    /** 1-based line of the field in the file. */
    readonly line?: number;
    /** The az ml field (`request_settings.request_timeout_ms`), or a stack config key path. */
    readonly field: string;
    /** Why the field is not carried over (or what is wrong), and what to do. */
    readonly message: string;
}

/** The one-line form of a finding: `<file>:<line>: <field>: <message>`. */
export function formatFinding(finding: ImportFinding): string {
    const where =
        finding.file === undefined ? "" : `${finding.file}${finding.line !== undefined ? `:${finding.line}` : ""}: `;
    return `${where}${finding.field}: ${finding.message}`;
}

/** Collects findings as the mappers report them. */
export class FindingSink {
    readonly findings: ImportFinding[] = [];

    add(finding: ImportFinding): void {
        this.findings.push(finding);
    }

    count(kind: FindingKind): number {
        return this.findings.filter((f) => f.kind === kind).length;
    }
}
