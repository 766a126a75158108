import { z } from "zod";
import { environmentVariables, onlineEndpointSpec, validate } from "../../src/model";
import { problemLines } from "../support/problems";

/** An object as YAML and JSON parsers build it: "__proto__" as an own key. */
const withProto = (value: unknown, rest: Record<string, unknown> = {}) =>
    Object.defineProperty({ ...rest }, "__proto__", { value, enumerable: true, writable: true, configurable: true });

describe("__proto__ keys", () => {
    it("are reported by every schema's validation, at any depth, instead of vanishing", () => {
        const deployments = withProto(
            { instanceCount: 0 },
            { blue: { model: "azureml:m:1", instanceType: "Standard_DS3_v2" } },
        );
        expect(problemLines(onlineEndpointSpec, { deployments, traffic: { blue: 100 } }, "e")).toEqual([
            'e.deployments.__proto__: "__proto__" cannot be a key: JavaScript reads it as the object\'s prototype, so the entry would be dropped without a word; it is not a valid name here either (a deployment name starts with a letter, holds only letters, digits and hyphens, and does not end with a hyphen); rename it, got {"instanceCount":0}',
        ]);
    });

    it("are refused even where Azure would take the name, because the library could not carry it", () => {
        expect(problemLines(environmentVariables, withProto("1"))).toEqual([
            '__proto__: "__proto__" cannot be a key: JavaScript reads it as the object\'s prototype, so the entry would be dropped without a word; rename it, got "1"',
        ]);
    });

    it("are reported once in a fixed-shape object, not also as an unknown key", () => {
        const lines = problemLines(z.strictObject({ a: z.string() }), withProto({}, { a: "x" }));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain("remove it");
    });

    it("leave class instances and cycles alone", () => {
        // Pulumi Outputs and resources are not config read from a file: their own fields are none of its keys.
        class Handle {
            constructor() {
                Object.defineProperty(this, "__proto__", { value: {}, enumerable: true });
            }
        }
        const cyclic: Record<string, unknown> = { name: "x" };
        cyclic.self = cyclic;
        expect(validate(z.any(), { handle: new Handle(), cyclic }).ok).toBe(true);
    });
});
