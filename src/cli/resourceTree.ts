/** A registered resource as the tree printer needs it. */
export interface TreeNode {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
}

/**
 * Renders resources as the tree `pulumi preview` shows: type and name per line, children indented under their
 * parent, siblings sorted by name.
 */
export function renderTree(nodes: readonly TreeNode[]): string[] {
    const byParent = new Map<string | undefined, TreeNode[]>();
    const known = new Set(nodes.map((n) => n.urn));
    for (const node of nodes) {
        const parent = node.parent !== undefined && known.has(node.parent) ? node.parent : undefined;
        byParent.set(parent, [...(byParent.get(parent) ?? []), node]);
    }
    // Registration order depends on when inputs resolve; sorted siblings keep the output stable for review.
    for (const siblings of byParent.values()) {
        siblings.sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
    }
    const rows: { prefix: string; node: TreeNode }[] = [];
    const walk = (parent: string | undefined, indent: string) => {
        const children = byParent.get(parent) ?? [];
        children.forEach((child, i) => {
            const last = i === children.length - 1;
            rows.push({ prefix: parent === undefined ? "" : `${indent}${last ? "└─ " : "├─ "}`, node: child });
            walk(child.urn, parent === undefined ? "" : `${indent}${last ? "   " : "│  "}`);
        });
    };
    walk(undefined, "");
    const width = Math.max(0, ...rows.map((r) => r.prefix.length + r.node.type.length)) + 2;
    return rows.map((r) => `${(r.prefix + r.node.type).padEnd(width)}${r.node.name}`);
}
