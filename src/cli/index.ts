export * from "./main";
export * from "./resourceTree";
export * from "./stackFile";
export * from "./validateCommand";
