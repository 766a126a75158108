import { canonicalJson } from "./canonicalJson";
import type { PlanDiff } from "./diff";

/** The diff as one JSON document (keys sorted), for tools: everything the text and markdown show, in full. */
export function renderDiffJson(diff: PlanDiff): string {
    return canonicalJson(diff);
}
