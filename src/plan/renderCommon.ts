import type { PlanDiff, ResourceChange, VersionChange, VersionReach } from "./diff";

/** What a reader needs to know about where traffic moves start from. */
export const OFFLINE_NOTE =
    "computed offline from the programs (no credentials, no Azure): traffic moves start from the base's declared traffic, not from what Azure serves now";

/** A value in one line, at most `max` characters. */
export function brief(value: unknown, max = 160): string {
    const text = value === undefined ? "(not set)" : JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The type's last part: `OnlineEndpoint` for `azure-native:machinelearningservices:OnlineEndpoint`. */
export const shortType = (type: string) => type.slice(type.lastIndexOf(":") + 1);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `2 risky changes, 1 to replace, 2 to add, 3 to update, 29 unchanged`. */
export function summaryLine(diff: PlanDiff): string {
    const s = diff.summary;
    const parts = [
        plural(s.risky, "risky change"),
        ...(s.replace > 0 ? [`${s.replace} to replace`] : []),
        ...(s.remove > 0 ? [`${s.remove} to delete`] : []),
        ...(s.add > 0 ? [`${s.add} to add`] : []),
        ...(s.update > 0 ? [`${s.update} to update`] : []),
        `${s.unchanged} unchanged`,
    ];
    return parts.join(", ");
}

/** `azureml-platform/prod`, or `a/dev → a/prod` when the plans are of different stacks. */
export function stackLabel(diff: PlanDiff): string {
    const base = `${diff.base.project}/${diff.base.stack}`;
    const head = `${diff.head.project}/${diff.head.stack}`;
    return base === head ? head : `${base} → ${head}`;
}

/** `credit-prod/green (new, 100% live)`: a deployment a version reaches. */
export function reachText(reach: VersionReach): string {
    const notes = [
        ...(reach.added ? ["new"] : []),
        ...(reach.traffic !== undefined ? [`${reach.traffic}% live`] : []),
        ...(reach.kind === "batch" ? ["batch"] : []),
    ];
    return `${reach.endpoint}/${reach.deployment}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

/** `model credit-default 7676… → 1a2b…`. */
export function versionText(v: VersionChange): string {
    return `${v.kind} ${v.name} ${v.before ?? "(none)"} → ${v.after ?? "(none)"}`;
}

export const CHANGE_SYMBOL: Record<ResourceChange["kind"], string> = {
    replace: "+-",
    remove: "-",
    add: "+",
    update: "~",
};

/** What a resource change does, in words. */
export function changeTitle(change: ResourceChange): string {
    switch (change.kind) {
        case "replace":
            return `replace (${change.replaceReasons!.join(", ")}${change.deleteBeforeReplace ? "; deleted before it is created again" : ""})`;
        case "remove":
            return change.retainOnDelete ? "delete from the stack (kept in Azure: retainOnDelete)" : "delete";
        case "add":
            return "add";
        case "update":
            return "update";
    }
}

/** The most property lines shown per resource, and resources per section: a comment stays readable and short. */
export const MAX_PROPERTIES = 25;
export const MAX_RESOURCES = 150;
