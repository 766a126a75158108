import { PolicyPack } from "@pulumi/policy";
import { azureMlGuardrailPolicies } from "@azureml-pulumi/components/policy";

/**
 * The ML guardrails as a Pulumi policy pack:
 *
 *     pulumi preview --policy-pack ./policy-pack
 *     pulumi up --policy-pack ./policy-pack --policy-pack-config ./policy-pack/policy-config.json
 *
 * The same rules run offline in `azureml-pulumi plan` (findings in the plan, new ones in `azureml-pulumi diff`), with
 * the same config file: `azureml-pulumi plan --policy-config ./policy-pack/policy-config.json`.
 */
new PolicyPack("azureml-guardrails", {
    description: "Production ML endpoints: Entra ID auth, private network, 3+ instances, gated rollouts, pinned images",
    policies: azureMlGuardrailPolicies({
        // The stacks that hold production, besides any tagged `environment: prod`; `*` matches any characters.
        productionStacks: ["prod", "prod-*", "production"],
        // Levels per policy (mandatory by default); a --policy-pack-config file still wins.
        enforcementLevels: { "azureml-app-insights": "advisory" },
    }),
});
