/**
 * The Microsoft.MachineLearningServices api-version the library's own calls use: the one @pulumi/azure-native 3.x
 * uses for these resources, so both read and write the same shapes. The emulator speaks it too.
 */
export const ML_API_VERSION = "2025-12-01";
