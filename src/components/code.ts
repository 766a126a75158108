import type * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { CodeSpecInput } from "../model";
import { AssetComponent } from "./assetComponent";
import type { AssetLocation, ResolvedContent } from "./assetContent";
import { pathAssetKind } from "./pathAssetKind";

/** Arguments of a {@link Code}: the settings of `codeSpec` (each documented there) and where to register it. */
export type CodeArgs = CodeSpecInput & AssetLocation;

const CODE = pathAssetKind(
    "code",
    (name, inputs, spec, codeUri, opts) =>
        new machinelearningservices.CodeVersion(
            name,
            { ...inputs, properties: { codeUri, description: spec.description, tags: spec.tags } },
            opts,
        ),
);

/** A code asset (the folder with a scoring script): a container and an immutable, content-derived version. */
export class Code extends AssetComponent<"code", ResolvedContent> {
    constructor(name: string, args: CodeArgs, opts?: pulumi.ComponentResourceOptions) {
        super(CODE, name, args, opts);
    }
}
