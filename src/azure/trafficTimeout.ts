/**
 * How long a traffic write keeps retrying a busy endpoint: longer than a deployment's update usually takes. Its own
 * module so that a program can read it without loading the Azure SDK.
 */
export const DEFAULT_TRAFFIC_TIMEOUT_MINUTES = 20;
