import fc from "fast-check";
import { fullTrafficMap, normalizeTraffic, sameTraffic } from "../../src/rules";

const name = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{2,8}$/);
const map = fc.dictionary(name, fc.integer({ min: 0, max: 100 }), { maxKeys: 5 });

describe("traffic maps", () => {
    it("treat deployments named like Object's own properties as any other name", () => {
        expect(normalizeTraffic({ constructor: 100 })).toEqual({ constructor: 100 });
        expect(fullTrafficMap(["constructor", "blue"], { blue: 100 })).toEqual({
            map: { constructor: 0, blue: 100 },
            unknown: [],
        });
    });

    it("normalise zero entries and name case away", () => {
        expect(normalizeTraffic({ Blue: 100, green: 0 })).toEqual({ blue: 100 });
        expect(sameTraffic({ blue: 100, green: 0 }, { BLUE: 100 })).toBe(true);
        expect(sameTraffic({ blue: 90, green: 10 }, { blue: 100 })).toBe(false);
    });

    it("normalisation is idempotent and insensitive to order, case and zeros (property)", () => {
        fc.assert(
            fc.property(map, fc.array(name, { maxLength: 3 }), (m, zeros) => {
                const once = normalizeTraffic(m);
                expect(normalizeTraffic(once)).toEqual(once);
                const shuffled = Object.fromEntries(
                    Object.entries(m)
                        .reverse()
                        .map(([k, v]) => [k.toUpperCase(), v]),
                );
                const padded = {
                    ...Object.fromEntries(zeros.filter((z) => !(z.toLowerCase() in once)).map((z) => [z, 0])),
                    ...m,
                };
                const distinct = new Set(Object.keys(m).map((k) => k.toLowerCase())).size === Object.keys(m).length;
                if (distinct) {
                    expect(sameTraffic(m, shuffled)).toBe(true);
                }
                expect(sameTraffic(m, padded)).toBe(true);
                expect(Object.values(once).every((v) => v !== 0)).toBe(true);
            }),
        );
    });

    it("builds a full map over the deployments that exist, 0 for the rest (property)", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(name, { maxLength: 5, selector: (n) => n.toLowerCase() }),
                map,
                (deployments, desired) => {
                    const { map: full, unknown } = fullTrafficMap(deployments, desired);
                    expect(Object.keys(full)).toEqual(deployments);
                    for (const d of deployments) {
                        expect(full[d]).toBe(normalizeTraffic(desired)[d.toLowerCase()] ?? 0);
                    }
                    const known = new Set(deployments.map((d) => d.toLowerCase()));
                    expect(unknown.sort()).toEqual(
                        Object.keys(normalizeTraffic(desired))
                            .filter((n) => !known.has(n))
                            .sort(),
                    );
                },
            ),
        );
    });
});
