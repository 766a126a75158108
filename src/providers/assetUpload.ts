import * as pulumi from "@pulumi/pulumi";
import { loadHostRuntime } from "./loadHostRuntime";
import type { AssetUploadProps } from "./hostRuntime";
import { UPLOAD_DEFAULTS } from "../model/upload";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const ASSET_UPLOAD_PROVIDER_VERSION = "1";

type Inputs = AssetUploadProps & { version: string };

/** Changes that mean different content or another place: a new upload resource, the old one left as it is. */
const REPLACING = ["digest", "accountUrl", "container", "assetPath"] as const;

/**
 * Uploads an asset's local content to a blob datastore under a path derived from its content hash. Create and
 * update upload what is missing (nothing when the path is complete); delete keeps the blobs unless
 * deleteOnDestroy, since older asset versions point at them. Credentials are read in the provider host at call
 * time and never enter state.
 */
const assetUploadProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        return { inputs: news, failures: loadHostRuntime().checkAssetUpload(news) };
    },

    async diff(_id: string, olds: Inputs, news: Inputs) {
        const replaces = REPLACING.filter((key) => olds[key] !== news[key]);
        const keys = new Set(
            [...Object.keys(olds), ...Object.keys(news)].filter(
                (k) =>
                    ![
                        "uploadedFiles",
                        "uploadedBytes",
                        "skippedFiles",
                        "fileCount",
                        "totalBytes",
                        "__provider",
                    ].includes(k),
            ),
        );
        const changed = [...keys].some(
            (k) =>
                JSON.stringify((olds as unknown as Record<string, unknown>)[k]) !==
                JSON.stringify((news as unknown as Record<string, unknown>)[k]),
        );
        return { changes: changed, replaces: [...replaces], deleteBeforeReplace: false };
    },

    async create(inputs: Inputs) {
        const result = await loadHostRuntime().uploadAsset(inputs);
        return {
            id: `${inputs.accountUrl.replace(/\/$/, "")}/${inputs.container}/${inputs.assetPath}`,
            outs: { ...inputs, ...result },
        };
    },

    async update(_id: string, _olds: Inputs, news: Inputs) {
        const result = await loadHostRuntime().uploadAsset(news);
        return { outs: { ...news, ...result } };
    },

    async delete(_id: string, props: Inputs) {
        await loadHostRuntime().deleteAssetContent(props);
    },
};

export interface AssetUploadArgs {
    /** Local file or folder, as given (relative to the program's directory, or absolute). */
    readonly source: pulumi.Input<string>;
    readonly digest: pulumi.Input<string>;
    readonly accountUrl: pulumi.Input<string>;
    readonly container: pulumi.Input<string>;
    readonly prefix: pulumi.Input<string>;
    readonly assetPath: pulumi.Input<string>;
    readonly manifestPath: pulumi.Input<string>;
    /** @default "entra" */
    readonly auth?: pulumi.Input<"entra" | "accountKey">;
    /** @default false */
    readonly deleteOnDestroy?: pulumi.Input<boolean>;
    /** @default 4 */
    readonly maxConcurrency?: pulumi.Input<number>;
    /** @default 8 */
    readonly blockSizeMiB?: pulumi.Input<number>;
}

/** See assetUploadProvider. */
export class AssetUpload extends pulumi.dynamic.Resource {
    declare readonly uploadedBytes: pulumi.Output<number>;
    declare readonly uploadedFiles: pulumi.Output<number>;
    declare readonly skippedFiles: pulumi.Output<number>;
    declare readonly assetPath: pulumi.Output<string>;

    constructor(name: string, args: AssetUploadArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            assetUploadProvider,
            name,
            {
                ...UPLOAD_DEFAULTS,
                ...args,
                uploadedBytes: undefined,
                uploadedFiles: undefined,
                skippedFiles: undefined,
                version: ASSET_UPLOAD_PROVIDER_VERSION,
            },
            opts,
            "azureml",
            "AssetUpload",
        );
    }
}
