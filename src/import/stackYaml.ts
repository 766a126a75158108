import { Document } from "yaml";
import { IMPORTED_SECTIONS, ImportedSection } from "./entities";

/**
 * The imported sections as Pulumi.<stack>.yaml keys under the project's namespace (`<project>:onlineEndpoints`),
 * each holding its whole section, with a comment block on top.
 */
export function stackConfigYaml(
    sections: Partial<Record<ImportedSection, unknown>>,
    project: string,
    comment: readonly string[] = [],
): string {
    const config: Record<string, unknown> = {};
    for (const section of IMPORTED_SECTIONS) {
        if (sections[section] !== undefined) {
            config[`${project}:${section}`] = sections[section];
        }
    }
    const document = new Document({ config });
    if (comment.length > 0) {
        document.commentBefore = comment.map((line) => ` ${line}`).join("\n");
    }
    return document.toString({ lineWidth: 0 });
}
