import { mapAmlCompute } from "./amlCompute";
import { mapBatchEndpoint } from "./batchEndpoint";
import { mapCode } from "./codeAsset";
import type { MapContext, MappedEntity } from "./entities";
import { mapEnvironment } from "./environmentAsset";
import type { Fields } from "./fieldReader";
import { mapKubernetesCompute } from "./kubernetesCompute";
import { mapKubernetesOnlineDeployment } from "./kubernetesOnlineDeployment";
import { mapKubernetesOnlineEndpoint } from "./kubernetesOnlineEndpoint";
import { mapManagedOnlineDeployment } from "./managedOnlineDeployment";
import { mapManagedOnlineEndpoint } from "./managedOnlineEndpoint";
import { mapModelBatchDeployment } from "./modelBatchDeployment";
import { mapModel } from "./modelAsset";
import { mapOnlineDeploymentOfEitherKind } from "./onlineDeployment";
import { mapPipelineComponentBatchDeployment } from "./pipelineComponentBatchDeployment";
import type { ImportedKind } from "./schemaKinds";

/** The mapper of each az ml kind the import reads. */
export const KIND_MAPPERS: Record<ImportedKind, (fields: Fields, ctx: MapContext) => MappedEntity | undefined> = {
    managedOnlineEndpoint: mapManagedOnlineEndpoint,
    kubernetesOnlineEndpoint: mapKubernetesOnlineEndpoint,
    managedOnlineDeployment: mapManagedOnlineDeployment,
    kubernetesOnlineDeployment: mapKubernetesOnlineDeployment,
    onlineDeployment: mapOnlineDeploymentOfEitherKind,
    batchEndpoint: mapBatchEndpoint,
    modelBatchDeployment: mapModelBatchDeployment,
    pipelineComponentBatchDeployment: mapPipelineComponentBatchDeployment,
    model: (fields, ctx) => mapModel(fields, ctx),
    environment: (fields, ctx) => mapEnvironment(fields, ctx),
    code: mapCode,
    amlCompute: mapAmlCompute,
    kubernetesCompute: mapKubernetesCompute,
};
