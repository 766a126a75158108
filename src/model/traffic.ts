import { z } from "zod";
import { count } from "./common";
import { MAX_MIRROR_PERCENT } from "../rules";

/** Percentages by deployment name. */
export const trafficMap = z.record(z.string().min(1), count(0, 100));
export const mirrorTrafficMap = z.record(z.string().min(1), count(0, MAX_MIRROR_PERCENT));
