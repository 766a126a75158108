import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse } from "./httpTypes";

export type Params = Record<string, string | undefined> & { sub: string; rg: string; ws: string };
export type Handler = (
    ctx: EmulatorContext,
    req: EmulatorRequest,
    params: any,
) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route {
    readonly method: string;
    readonly pattern: RegExp;
    readonly names: readonly string[];
    readonly handler: Handler;
}

const SEGMENT = "([^/]+)";

/**
 * A tiny router for ARM paths. Patterns are written with {name} placeholders and matched case-insensitively,
 * as ARM matches resource types.
 */
export class Router {
    private readonly routes: Route[] = [];

    add(method: string, template: string, handler: Handler): this {
        const names: string[] = [];
        const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
            names.push(name);
            return SEGMENT;
        });
        this.routes.push({ method, pattern: new RegExp(`^${source}$`, "i"), names, handler });
        return this;
    }

    /** The handler and parameters for a request, or whether the path exists under another method. */
    match(method: string, path: string): { handler: Handler; params: Record<string, string> } | { allowed: string[] } {
        const allowed: string[] = [];
        for (const route of this.routes) {
            const found = route.pattern.exec(path);
            if (found === null) {
                continue;
            }
            if (route.method !== method) {
                allowed.push(route.method);
                continue;
            }
            const params: Record<string, string> = {};
            route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
            return { handler: route.handler, params };
        }
        return { allowed };
    }
}
