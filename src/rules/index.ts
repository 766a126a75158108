export * from "./ruleIssue";
export * from "./traffic";
export * from "./trafficMap";
