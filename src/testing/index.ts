export * from "../local";
