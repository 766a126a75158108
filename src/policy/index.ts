export * from "./evaluate";
export * from "./guardrail";
export * from "./guardrails";
export * from "./pack";
