/**
 * Loads the host runtime inside the dynamic-provider host. The host evaluates serialized provider code with
 * module resolution rooted at the program's directory, so the library is found by package name when installed,
 * or as the built package when the program is this repository's own root project. No machine path is involved,
 * so state written on one machine runs on another.
 *
 * This function is serialized with each provider: it must stay small and capture nothing.
 */
export function loadHostRuntime(): typeof import("./hostRuntime") {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved in the host, at call time
        return require("@azureml-pulumi/components/host-runtime");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") {
            throw error;
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- relative to the program's directory
        return require("./dist/src/providers/hostRuntime");
    }
}
