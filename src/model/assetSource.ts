import { z } from "zod";

/** Where an asset's content lives. */
export type AssetSourceKind = "local" | "https" | "datastore";

/** Classifies an asset path the way az ml does: a datastore URI, an https URL, or a local file or folder. */
export function assetSourceKind(path: string): AssetSourceKind {
    if (path.startsWith("azureml://")) {
        return "datastore";
    }
    if (/^https:\/\//i.test(path)) {
        return "https";
    }
    return "local";
}

/** An asset's content: a local path, an https blob URL, or azureml://datastores/<ds>/paths/<p>. */
export const assetSource = z
    .string()
    .min(1, { error: "an asset path cannot be empty" })
    .superRefine((path, ctx) => {
        if (/^http:\/\//i.test(path)) {
            ctx.addIssue({ code: "custom", input: path, message: "plain http is not accepted; use an https URL" });
        } else if (path.startsWith("azureml://")) {
            if (!/^azureml:\/\/datastores\/[^/]+\/paths\/.+/.test(path)) {
                ctx.addIssue({
                    code: "custom",
                    input: path,
                    message: "datastore URIs read azureml://datastores/<datastore>/paths/<path>",
                });
            }
        } else if (/^azureml:[^/]/.test(path)) {
            ctx.addIssue({
                code: "custom",
                input: path,
                message:
                    "a registered asset (azureml:<name>:<version>) is referenced from the deployment, not declared as a path",
            });
        } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !/^https:\/\//i.test(path)) {
            ctx.addIssue({
                code: "custom",
                input: path,
                message: "asset paths are local paths, https URLs or azureml://datastores/... URIs",
            });
        }
    });
