// The root entry is the curated list in publicApi.ts: a module's exports are not public just because it exists.
export * from "./publicApi";
