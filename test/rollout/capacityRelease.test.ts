import { planCapacityRelease } from "../../src/rollout";

describe("planCapacityRelease: handing the counts back to azure-native", () => {
    it("restores only deployments standing at the scaled-down count below their declared one", () => {
        expect(
            planCapacityRelease({
                declared: { blue: 3, green: 3, red: 1, teal: 4 },
                scaledDownInstances: 1,
                live: { blue: 1, green: 3, red: 1, teal: 2, other: 1 },
            }),
        ).toEqual([{ deployment: "blue", from: 1, to: 3 }]);
    });
});
