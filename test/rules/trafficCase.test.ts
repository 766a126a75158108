import { percentIssues, trafficIssues } from "../../src/rules";

/** Azure ML deployment names are case-insensitive: two keys that differ only in case name one deployment. */
describe("traffic keys that differ only in case", () => {
    it("are refused by trafficIssues in the live and the mirror map, naming the second key", () => {
        const issues = trafficIssues(["blue", "green"], { blue: 50, BLUE: 50 }, { green: 0, Green: 0 });
        expect(issues).toEqual([
            {
                path: ["traffic", "BLUE"],
                input: 50,
                message:
                    "names the same deployment as 'blue' (Azure ML deployment names are case-insensitive), so their shares would be added up; keep one key per deployment",
            },
            {
                path: ["mirrorTraffic", "Green"],
                input: 0,
                message:
                    "names the same deployment as 'green' (Azure ML deployment names are case-insensitive), so their shares would be added up; keep one key per deployment",
            },
        ]);
    });

    it("are refused by percentIssues too, which checks maps before the deployments are known", () => {
        expect(percentIssues({ blue: 50, BLUE: 50 }, {}).map((i) => i.path)).toEqual([["traffic", "BLUE"]]);
    });

    it("leave maps with distinct names alone", () => {
        expect(trafficIssues(["blue", "green"], { blue: 50, green: 50 }, {})).toEqual([]);
        expect(percentIssues({ blue: 50, green: 50 }, { blue: 0 })).toEqual([]);
    });
});
