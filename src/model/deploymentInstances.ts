/**
 * The fewest instances an online deployment runs. Microsoft's docs name no lower bound for `instance_count`; the
 * service's own SKU listing for a deployment answers a capacity minimum of 1 (swagger 2025-12-01,
 * OnlineDeployments_ListSkus example), and a deployment set to 0 is refused ("you need to have at least one machine
 * running", Azure/mlops-v2#48). To stop paying for a deployment, delete it.
 */
export const MIN_ONLINE_DEPLOYMENT_INSTANCES = 1;
