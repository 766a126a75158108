import fc from "fast-check";
import { percentIssues, trafficIssues } from "../../src/rules";
import { DeploymentRecord, trafficViolation } from "../../src/testing";

/**
 * The library's traffic rules (src/rules) and the emulator's independent reading of Azure ML's (trafficRules.ts)
 * must agree: whatever the library accepts, Azure (as emulated) accepts, and whatever Azure refuses, the library
 * refuses before anything is written. The library adds one rule of its own (mirroring needs some live traffic:
 * otherwise there is nothing to copy), so the converse holds apart from that rule.
 */

const DEPLOYMENTS = ["blue", "green", "Shadow"];
const key = fc.constantFrom("blue", "BLUE", "green", "shadow", "ghost");
const percent = fc.oneof(
    fc.constantFrom(0, 10, 50, 60, 100),
    fc.integer({ min: -5, max: 105 }),
    fc.constantFrom(12.5, "50" as unknown as number),
);
// Distinct lower-cased names: the same deployment twice in one map is not a map anybody writes.
const map = fc
    .dictionary(key, percent, { maxKeys: 4 })
    .filter((m) => new Set(Object.keys(m).map((k) => k.toLowerCase())).size === Object.keys(m).length);
const records = DEPLOYMENTS.map((name) => ({ name }) as DeploymentRecord);

function libraryAccepts(traffic: Record<string, number>, mirror: Record<string, number>): boolean {
    const percents = percentIssues(traffic, mirror);
    return percents.length === 0 && trafficIssues(DEPLOYMENTS, traffic, mirror).length === 0;
}

function azureAccepts(traffic: Record<string, number>, mirror: Record<string, number>): boolean {
    return trafficViolation("e", records, () => true, traffic, mirror) === undefined;
}

const mirrorsWithoutLiveTraffic = (traffic: Record<string, number>, mirror: Record<string, number>) =>
    Object.values(mirror).some((p) => p > 0) && Object.values(traffic).reduce((a, b) => a + b, 0) === 0;

describe("the library's traffic rules and the emulator's agree", () => {
    it("accepts only what Azure ML accepts, and refuses everything Azure ML refuses (property)", () => {
        fc.assert(
            fc.property(map, map, (traffic, mirror) => {
                const library = libraryAccepts(traffic, mirror);
                const azure = azureAccepts(traffic, mirror);
                if (library) {
                    expect(azure).toBe(true);
                }
                if (azure && !mirrorsWithoutLiveTraffic(traffic, mirror)) {
                    expect(library).toBe(true);
                }
            }),
            { numRuns: 2000 },
        );
    });

    it("covers both verdicts (the generator reaches accepted and refused maps)", () => {
        const samples = fc.sample(fc.tuple(map, map), { numRuns: 2000, seed: 7 });
        const accepted = samples.filter(([t, m]) => libraryAccepts(t, m)).length;
        expect(accepted).toBeGreaterThan(20);
        expect(samples.length - accepted).toBeGreaterThan(20);
    });
});
