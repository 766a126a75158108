/**
 * What the engine sends a dynamic provider for a value that is not known yet (during a preview, an output of a
 * resource still to be created). Checks must let it through: it is not a bad value, only a later one.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
