import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { hashContent, uploadPaths, versionFromDigest } from "../assets/contentHash";
import { AssetUpload } from "../providers/assetUpload";
import { UploadSpec, assetSourceKind } from "../model";

/** The blob container an asset's local content goes to. */
export interface DatastoreTarget {
    /** e.g. https://<account>.blob.core.windows.net */
    readonly accountUrl: pulumi.Input<string>;
    readonly container: pulumi.Input<string>;
}

/** Where an asset is registered, and (optionally) where its local content goes. */
export interface AssetLocation {
    readonly workspaceName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the workspace's default datastore (workspaceblobstore) */
    readonly datastore?: DatastoreTarget;
}

/** The workspace's default blob datastore: account endpoint and container, as ARM reports them. */
export function defaultDatastore(
    location: AssetLocation,
    parent: pulumi.Resource,
): { accountUrl: pulumi.Output<string>; container: pulumi.Output<string> } {
    const datastore = machinelearningservices.getDatastoreOutput(
        {
            name: "workspaceblobstore",
            workspaceName: location.workspaceName,
            resourceGroupName: location.resourceGroupName,
        },
        { parent },
    );
    const blob = datastore.properties.apply(
        (p) => p as { accountName?: string; containerName?: string; endpoint?: string; protocol?: string },
    );
    return {
        accountUrl: blob.apply(
            (p) => `${p.protocol ?? "https"}://${p.accountName}.blob.${p.endpoint ?? "core.windows.net"}`,
        ),
        container: blob.apply((p) => p.containerName ?? ""),
    };
}

/** Content of an asset: where it is (a URI) and the version its content implies. */
export interface ResolvedContent {
    readonly uri: pulumi.Output<string>;
    /** From the content hash (local) or the URI (cloud). */
    readonly derivedVersion: pulumi.Output<string>;
    readonly upload?: AssetUpload;
}

/**
 * Resolves an asset's content. A local file or folder is hashed now, so the plan shows the version before
 * anything uploads, and an AssetUpload child puts it under LocalUpload/<digest>/ in the datastore. A cloud URI is
 * used as it is; its version derives from the URI (set a version explicitly when the content behind it changes).
 */
export function resolveContent(
    name: string,
    parent: pulumi.Resource,
    source: string,
    upload: UploadSpec,
    location: AssetLocation,
    subject: string,
): ResolvedContent {
    if (assetSourceKind(source) !== "local") {
        return {
            uri: pulumi.output(source),
            derivedVersion: pulumi.output(versionFromDigest(createHash("sha256").update(source).digest("hex"))),
        };
    }
    const digest = pulumi.output(
        hashContent(source).then(
            (h) => h.digest,
            (error: Error) => {
                throw new pulumi.RunError(`${subject}: ${error.message}`);
            },
        ),
    );
    const paths = digest.apply((d) => uploadPaths(d, source));
    const datastore = location.datastore ?? defaultDatastore(location, parent);
    const asset = new AssetUpload(
        `${name}-upload`,
        {
            source,
            digest,
            accountUrl: datastore.accountUrl,
            container: datastore.container,
            prefix: paths.prefix,
            assetPath: paths.assetPath,
            manifestPath: paths.manifestPath,
            auth: upload.auth,
            deleteOnDestroy: upload.deleteOnDestroy,
            maxConcurrency: upload.maxConcurrency,
            blockSizeMiB: upload.blockSizeMiB,
        },
        // Uploading a large model can take a while.
        { parent, customTimeouts: { create: "60m", update: "60m" } },
    );
    return {
        uri: pulumi.interpolate`${datastore.accountUrl}/${datastore.container}/${asset.assetPath}`,
        derivedVersion: digest.apply(versionFromDigest),
        upload: asset,
    };
}
