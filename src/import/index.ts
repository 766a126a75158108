// The public entry of the az ml YAML import; the CLI imports the modules it needs by path.
export * from "./azureMlImport";
