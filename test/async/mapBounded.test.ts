import { mapBounded } from "../../src/async";

describe("mapBounded", () => {
    it("keeps result order and never runs more than the limit at once", async () => {
        let running = 0;
        let peak = 0;
        const results = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (n) => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((resolve) => setTimeout(resolve, n));
            running--;
            return n * 10;
        });
        expect(results).toEqual([50, 10, 40, 20, 30, 0]);
        expect(peak).toBe(2);
    });
});
