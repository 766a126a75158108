const tseslint = require("typescript-eslint");
const pulumi = require("@pulumi/eslint-plugin");

module.exports = tseslint.config(
    { ignores: ["dist/**", "node_modules/**", "coverage/**", "**/*.js"] },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            // The root index of azure-native doubles type-check time and memory: submodules only.
            "no-restricted-imports": [
                "error",
                {
                    paths: [
                        {
                            name: "@pulumi/azure-native",
                            message: "import a submodule, e.g. @pulumi/azure-native/machinelearningservices",
                        },
                    ],
                },
            ],
            // `a && b || c` has bitten this project: mixing them needs brackets.
            "no-mixed-operators": ["error", { groups: [["&&", "||", "??"]] }],
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
            ],
        },
    },
    {
        // Outputs in template literals render as "Calling [toString] on an [Output<T>]": caught with type information.
        files: ["src/**/*.ts", "examples/**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    {
        // ARM payloads in the mock engine are untyped JSON by nature.
        files: ["test/**/*.ts", "src/local/**/*.ts", "src/testing/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-require-imports": "off",
        },
    },
);
