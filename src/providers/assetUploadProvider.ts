import type * as pulumi from "@pulumi/pulumi";
import { AssetUploadProps, deleteAssetContent, uploadAsset } from "./assetUploadRuntime";
import { checkAssetUpload } from "./inputChecks";

type Inputs = AssetUploadProps & { version: string };

/** Changes that mean different content or another place: a new upload resource, the old one left as it is. */
const REPLACING = ["digest", "accountUrl", "container", "assetPath"] as const;

/** Outputs and the provider text: never a reason to update. */
const NOT_COMPARED = new Set([
    "uploadedFiles",
    "uploadedBytes",
    "skippedFiles",
    "fileCount",
    "totalBytes",
    "__provider",
]);

/**
 * Uploads an asset's local content to a blob datastore under a path derived from its content hash, as the
 * provider host runs it. Create and update upload what is missing (nothing when the path is complete); delete
 * keeps the blobs unless deleteOnDestroy, since older asset versions point at them. Credentials are read at call
 * time and never enter state.
 */
export const assetUploadProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        return { inputs: news, failures: checkAssetUpload(news) };
    },

    async diff(_id: string, olds: Inputs, news: Inputs) {
        const before = olds as unknown as Record<string, unknown>;
        const after = news as unknown as Record<string, unknown>;
        const replaces = REPLACING.filter((key) => before[key] !== after[key]);
        const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !NOT_COMPARED.has(k)));
        const changed = [...keys].some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        return { changes: changed, replaces: [...replaces], deleteBeforeReplace: false };
    },

    async create(inputs: Inputs) {
        const result = await uploadAsset(inputs);
        return {
            id: `${inputs.accountUrl.replace(/\/$/, "")}/${inputs.container}/${inputs.assetPath}`,
            outs: { ...inputs, ...result },
        };
    },

    async update(_id: string, _olds: Inputs, news: Inputs) {
        const result = await uploadAsset(news);
        return { outs: { ...news, ...result } };
    },

    async delete(_id: string, props: Inputs) {
        await deleteAssetContent(props);
    },
};
