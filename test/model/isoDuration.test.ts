import fc from "fast-check";
import { durationSeconds, isoDuration } from "../../src/model";

describe("ISO-8601 durations", () => {
    it("read what ARM and Azure ML send", () => {
        expect(durationSeconds("PT5S")).toBe(5);
        expect(durationSeconds("PT0.5S")).toBe(0.5);
        expect(durationSeconds("PT1M30S")).toBe(90);
        expect(durationSeconds("P1DT2H")).toBe(93_600);
        for (const bad of ["", "P", "PT", "5S", "PT5", "1 minute"]) {
            expect(durationSeconds(bad)).toBeUndefined();
        }
    });

    it("round-trip whole seconds (property)", () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (s) => durationSeconds(isoDuration(s)) === s));
    });
});
