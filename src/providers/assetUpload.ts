import * as pulumi from "@pulumi/pulumi";
import { HostedDynamicResource } from "./hostedDynamicResource";
import { UPLOAD_DEFAULTS } from "../model/upload";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const ASSET_UPLOAD_PROVIDER_VERSION = "1";

/** Arguments of AssetUpload. */
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

/**
 * Uploads an asset's local content to a blob datastore under a path derived from its content hash; delete keeps
 * the blobs unless deleteOnDestroy. Runs in the provider host (assetUploadProvider).
 */
export class AssetUpload extends HostedDynamicResource {
    declare readonly uploadedBytes: pulumi.Output<number>;
    declare readonly uploadedFiles: pulumi.Output<number>;
    declare readonly skippedFiles: pulumi.Output<number>;
    declare readonly assetPath: pulumi.Output<string>;

    constructor(name: string, args: AssetUploadArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "assetUpload",
            "AssetUpload",
            name,
            {
                ...UPLOAD_DEFAULTS,
                ...args,
                uploadedBytes: undefined,
                uploadedFiles: undefined,
                skippedFiles: undefined,
                version: ASSET_UPLOAD_PROVIDER_VERSION,
            },
            ["uploadedBytes", "uploadedFiles", "skippedFiles"],
            opts,
        );
    }
}
