import { z } from "zod";
import {
    count,
    location,
    mirrorTrafficMap,
    ONLINE_AUTH_MODES,
    publicNetworkAccess,
    rolloutPolicySpec,
    trafficIssues,
    trafficMap,
} from "@azureml-pulumi/components/spec";

/** This example's stack settings, validated with the library's own schemas. */
export const settingsSchema = z
    .strictObject({
        location,
        publicNetworkAccess,
        /** @default "aad_token" */
        authMode: z.enum(ONLINE_AUTH_MODES).default("aad_token"),
        instanceType: z.string().regex(/^Standard_[A-Za-z0-9_]+$/, { error: "VM sizes read like Standard_DS3_v2" }),
        /** @default 1 */
        instanceCount: count(1, 100).default(1),
        /** Turns on autoscale between instanceCount and this. @default - (fixed size) */
        maxInstances: count(1, 100).optional(),
        traffic: trafficMap,
        /** @default {} */
        mirrorTraffic: mirrorTrafficMap.default({}),
        /** How a change of traffic rolls out (steps, bake, mirror stage, gates). @default - (written at once) */
        rollout: rolloutPolicySpec.optional(),
    })
    // The same traffic rules Azure ML applies, against the two deployments this program declares.
    .superRefine((s, ctx) => {
        for (const issue of trafficIssues(["blue", "green"], s.traffic, s.mirrorTraffic)) {
            ctx.addIssue({ code: "custom", path: issue.path, input: issue.input, message: issue.message });
        }
    });

export type Settings = z.output<typeof settingsSchema>;
