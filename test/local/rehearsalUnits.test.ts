import { ML_API_VERSION } from "../../src/azure/apiVersion";
import { armMapping, armOutputs, emulatedType } from "../../src/local/rehearsal/armMapping";
import { deleteOrder } from "../../src/local/rehearsal/deleteOrder";
import { canonicalJson, getPath, sameValue, withPath } from "../../src/local/rehearsal/propertyPaths";
import { StoredResource } from "../../src/local/rehearsal/rehearsalState";
import { SECRET_SIG, SIG_KEY, digestSecrets, maskSecrets, unwrapSecrets } from "../../src/local/secretValues";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const WORKSPACE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml`;
const ML = "azure-native:machinelearningservices";

/** A stored resource named `name` that depends on `dependsOn` (names), with `parent` among them when given. */
function stored(name: string, dependsOn: string[] = [], parent?: string): StoredResource {
    const urn = (n: string) => `urn:pulumi:test::proj::test:Thing::${n}`;
    return {
        urn: urn(name),
        type: "test:Thing",
        name,
        kind: "standIn",
        id: `id-${name}`,
        ...(parent !== undefined ? { parent: urn(parent) } : {}),
        inputs: {},
        outputs: {},
        dependsOn: dependsOn.map(urn),
    };
}

const names = (resources: readonly StoredResource[]) => resources.map((r) => r.name);

describe("deleteOrder: dependents before what they depend on", () => {
    it("deletes a dependent before its dependency even when the dependency was stored later", () => {
        // Stored order: endpoint first, then deployment (depends on endpoint), then traffic (depends on both).
        const endpoint = stored("endpoint");
        const deployment = stored("deployment", ["endpoint"]);
        const traffic = stored("traffic", ["endpoint", "deployment"]);
        expect(names(deleteOrder([endpoint, deployment, traffic]))).toEqual(["traffic", "deployment", "endpoint"]);
        // Whatever the stored order, the dependency comes last.
        expect(names(deleteOrder([traffic, deployment, endpoint]))).toEqual(["traffic", "deployment", "endpoint"]);
        expect(names(deleteOrder([endpoint, traffic, deployment]))).toEqual(["traffic", "deployment", "endpoint"]);
    });

    it("keeps unrelated resources in reverse of the stored order", () => {
        const order = deleteOrder([stored("a"), stored("b"), stored("c")]);
        expect(names(order)).toEqual(["c", "b", "a"]);
    });

    it("places an unrelated resource by reverse order among a dependency chain", () => {
        const base = stored("base");
        const lonely = stored("lonely");
        const top = stored("top", ["base"]);
        // Reverse stored order is top, lonely, base; nothing forces a change.
        expect(names(deleteOrder([base, lonely, top]))).toEqual(["top", "lonely", "base"]);
        // Reverse stored order is lonely, top, base.
        expect(names(deleteOrder([base, top, lonely]))).toEqual(["lonely", "top", "base"]);
    });

    it("deletes a parent after its children (dependsOn includes the parent)", () => {
        const component = stored("component");
        const childA = stored("child-a", ["component"], "component");
        const childB = stored("child-b", ["component", "child-a"], "component");
        // The parent stored last would come first in reverse order; its children still go before it.
        const order = names(deleteOrder([childA, childB, component]));
        expect(order).toEqual(["child-b", "child-a", "component"]);
    });

    it("counts a dependency named twice once, and ignores dependencies that are not being deleted", () => {
        const kept = "urn:pulumi:test::proj::test:Thing::kept-elsewhere";
        const a = stored("a");
        const b: StoredResource = {
            ...stored("b", ["a", "a"]),
            dependsOn: [...stored("b", ["a", "a"]).dependsOn, kept],
        };
        expect(names(deleteOrder([a, b]))).toEqual(["b", "a"]);
        expect(names(deleteOrder([b, a]))).toEqual(["b", "a"]);
    });

    it("returns every resource exactly once and leaves its input untouched", () => {
        const input = [stored("x"), stored("y", ["x"]), stored("z", ["y"])];
        const copy = [...input];
        const order = deleteOrder(input);
        expect(input).toEqual(copy);
        expect(new Set(order)).toEqual(new Set(input));
        expect(order).toHaveLength(3);
    });
});

describe("armMapping: azure-native inputs as ARM requests", () => {
    const workspaceInputs = {
        resourceGroupName: "rg-ml",
        workspaceName: "ws-ml",
        location: "westeurope",
        identity: { type: "SystemAssigned" },
        sku: { name: "Basic", tier: "Basic" },
        tags: { environment: "dev" },
        kind: "Default",
        friendlyName: "ML platform (dev)",
        publicNetworkAccess: "Enabled",
        keyVault: "/subscriptions/x/kv",
        managedNetwork: { isolationMode: "Disabled" },
        hbiWorkspace: false,
        unset: undefined,
    };

    it("folds a workspace's flattened inputs under properties, keeps the envelope, drops path inputs", () => {
        const mapping = armMapping(`${ML}:Workspace`, workspaceInputs, SUBSCRIPTION);
        expect(mapping.path).toBe(WORKSPACE_ID);
        expect(mapping.apiVersion).toBe(ML_API_VERSION);
        expect(mapping.deleteQuery).toEqual({});
        expect(mapping.body).toEqual({
            location: "westeurope",
            identity: { type: "SystemAssigned" },
            sku: { name: "Basic", tier: "Basic" },
            tags: { environment: "dev" },
            kind: "Default",
            properties: {
                friendlyName: "ML platform (dev)",
                publicNetworkAccess: "Enabled",
                keyVault: "/subscriptions/x/kv",
                managedNetwork: { isolationMode: "Disabled" },
                hbiWorkspace: false,
            },
        });
        expect(mapping.body).not.toHaveProperty("resourceGroupName");
        expect(mapping.body).not.toHaveProperty("workspaceName");
        expect(mapping.body.properties).not.toHaveProperty("resourceGroupName");
        expect(mapping.body.properties).not.toHaveProperty("workspaceName");
        expect(mapping.body.properties).not.toHaveProperty("unset");
    });

    it("maps an online deployment to its path under the endpoint, body without the name inputs", () => {
        const inputs = {
            resourceGroupName: "rg-ml",
            workspaceName: "ws-ml",
            endpointName: "credit-dev",
            deploymentName: "blue",
            location: "westeurope",
            sku: { name: "Default", capacity: 1 },
            properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2" },
        };
        const mapping = armMapping(`${ML}:OnlineDeployment`, inputs, SUBSCRIPTION);
        expect(mapping.path).toBe(`${WORKSPACE_ID}/onlineEndpoints/credit-dev/deployments/blue`);
        expect(mapping.body).toEqual({
            location: "westeurope",
            sku: { name: "Default", capacity: 1 },
            properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2" },
        });
        expect(mapping.deleteQuery).toEqual({});
    });

    it("deletes a compute together with its underlying resources", () => {
        const mapping = armMapping(
            `${ML}:Compute`,
            {
                resourceGroupName: "rg-ml",
                workspaceName: "ws-ml",
                computeName: "cpu-cluster",
                location: "westeurope",
                properties: { computeType: "AmlCompute" },
            },
            SUBSCRIPTION,
        );
        expect(mapping.path).toBe(`${WORKSPACE_ID}/computes/cpu-cluster`);
        expect(mapping.deleteQuery).toEqual({ underlyingResourceAction: "Delete" });
        expect(mapping.body).toEqual({ location: "westeurope", properties: { computeType: "AmlCompute" } });
    });

    it("names asset versions by name and version", () => {
        const mapping = armMapping(
            `${ML}:ModelVersion`,
            { resourceGroupName: "rg-ml", workspaceName: "ws-ml", name: "credit", version: "abc", properties: {} },
            SUBSCRIPTION,
        );
        expect(mapping.path).toBe(`${WORKSPACE_ID}/models/credit/versions/abc`);
        expect(mapping.body).toEqual({ properties: {} });
    });

    it("applies only Azure ML types it knows to the emulator", () => {
        expect(emulatedType(`${ML}:OnlineEndpoint`)).toBe("OnlineEndpoint");
        expect(emulatedType(`${ML}:Datastore`)).toBeUndefined();
        expect(emulatedType("azure-native:storage:StorageAccount")).toBeUndefined();
        expect(() => armMapping("azure-native:storage:StorageAccount", {}, SUBSCRIPTION)).toThrow(
            "azure-native:storage:StorageAccount is not applied to the emulator",
        );
    });

    it("flattens a workspace's properties back into its outputs", () => {
        const inputs = { resourceGroupName: "rg-ml", workspaceName: "ws-ml", friendlyName: "old", location: "x" };
        const outputs = armOutputs(`${ML}:Workspace`, inputs, {
            id: WORKSPACE_ID,
            name: "ws-ml",
            location: "westeurope",
            properties: { friendlyName: "ML platform (dev)", workspaceId: "guid-1", discoveryUrl: "https://d" },
        });
        expect(outputs).toEqual({
            resourceGroupName: "rg-ml",
            workspaceName: "ws-ml",
            id: WORKSPACE_ID,
            name: "ws-ml",
            location: "westeurope",
            friendlyName: "ML platform (dev)",
            workspaceId: "guid-1",
            discoveryUrl: "https://d",
        });
        expect(outputs).not.toHaveProperty("properties");
    });

    it("keeps other resources' properties nested, falling back to the inputs' properties", () => {
        const type = `${ML}:OnlineEndpoint`;
        const inputs = { endpointName: "credit-dev", properties: { authMode: "Key" } };
        expect(armOutputs(type, inputs, { id: "e", properties: { authMode: "Key", scoringUri: "https://s" } })).toEqual(
            { endpointName: "credit-dev", id: "e", properties: { authMode: "Key", scoringUri: "https://s" } },
        );
        expect(armOutputs(type, inputs, { id: "e" })).toEqual({
            endpointName: "credit-dev",
            id: "e",
            properties: { authMode: "Key" },
        });
    });
});

describe("propertyPaths", () => {
    const value = { properties: { traffic: { blue: 100 }, mirrorTraffic: {} }, sku: { capacity: 2 }, tags: null };

    it("reads dotted paths, undefined where the path does not lead", () => {
        expect(getPath(value, "properties.traffic")).toEqual({ blue: 100 });
        expect(getPath(value, "sku.capacity")).toBe(2);
        expect(getPath(value, "sku.capacity.deeper")).toBeUndefined();
        expect(getPath(value, "tags.owner")).toBeUndefined();
        expect(getPath(value, "missing.path")).toBeUndefined();
    });

    it("withPath sets a copy, creating intermediate objects, without touching the original", () => {
        const changed = withPath(value, "properties.traffic", { green: 100 });
        expect(changed.properties.traffic).toEqual({ green: 100 });
        expect(changed.properties.mirrorTraffic).toEqual({});
        expect(value.properties.traffic).toEqual({ blue: 100 });
        expect(withPath({}, "a.b.c", 1)).toEqual({ a: { b: { c: 1 } } });
        expect(withPath({ a: 5 }, "a.b", 1)).toEqual({ a: { b: 1 } });
    });

    it("withPath removes the key when the replacement is undefined", () => {
        const removed = withPath(value, "sku.capacity", undefined);
        expect(removed.sku).toEqual({});
        expect("capacity" in removed.sku).toBe(false);
        expect(value.sku.capacity).toBe(2);
        const top = withPath({ a: 1, b: 2 }, "a", undefined);
        expect(top).toEqual({ b: 2 });
        expect(Object.keys(top)).toEqual(["b"]);
    });

    it("sameValue ignores key order at any depth but not array order or values", () => {
        expect(sameValue({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toBe(true);
        expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
        expect(sameValue([1, 2], [2, 1])).toBe(false);
        expect(sameValue({ a: 1 }, { a: 2 })).toBe(false);
        expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
        expect(sameValue({ a: { b: 1 } }, { a: { b: "1" } })).toBe(false);
    });
});

describe("secretValues", () => {
    const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
    const inputs = {
        plain: "visible",
        properties: { keys: { primaryKey: secret("s3cr3t-key-1") }, list: [secret("s3cr3t-key-2"), 3] },
        again: secret("s3cr3t-key-1"),
    };

    it("digestSecrets replaces each secret by a digest that does not hold the value", () => {
        const digested = digestSecrets(inputs);
        const text = JSON.stringify(digested);
        expect(text).not.toContain("s3cr3t");
        expect(text).not.toContain(SECRET_SIG);
        expect(digested.plain).toBe("visible");
        expect(digested.properties.list[1]).toBe(3);
        expect(digested.properties.keys.primaryKey).toEqual({
            "[secret sha256]": expect.stringMatching(/^[0-9a-f]{64}$/),
        });
    });

    it("gives equal values equal digests and different values different digests", () => {
        const digested = digestSecrets(inputs);
        expect(digested.again).toEqual(digested.properties.keys.primaryKey);
        expect(digested.properties.list[0]).not.toEqual(digested.properties.keys.primaryKey);
        // Comparable across runs: the same input digests the same way again.
        expect(sameValue(digestSecrets(inputs), digested)).toBe(true);
    });

    it("unwrapSecrets gives the plain values, nested secrets included", () => {
        expect(unwrapSecrets(inputs)).toEqual({
            plain: "visible",
            properties: { keys: { primaryKey: "s3cr3t-key-1" }, list: ["s3cr3t-key-2", 3] },
            again: "s3cr3t-key-1",
        });
        expect(unwrapSecrets(secret(secret({ inner: secret("x") })))).toEqual({ inner: "x" });
    });

    it("maskSecrets shows [secret] in place of each value", () => {
        expect(maskSecrets(inputs)).toEqual({
            plain: "visible",
            properties: { keys: { primaryKey: "[secret]" }, list: ["[secret]", 3] },
            again: "[secret]",
        });
    });
});
