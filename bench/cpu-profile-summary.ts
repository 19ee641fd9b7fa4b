/**
 * Where a V8 CPU profile's time went: the share of busy time with each package (node_modules) or workspace file on
 * the stack (inclusive), the share spent in each (self; builtins and WebAssembly such as Prisma's query compiler count
 * for the code that called them), the functions with most self time, and how busy the process was.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A package, `node:<module>` or a workspace path; undefined for builtins and WebAssembly (no source of their own). */
function categoryOf(url: string, root: string): string | undefined {
  if (!url || url.startsWith('wasm://')) return undefined;
  const path = url.replace(/^file:\/\//, '');
  const modules = path.split('node_modules/');
  if (modules.length > 1) return /^(@[^/]+\/)?[^/]+/.exec(modules[modules.length - 1]!)?.[0] ?? path;
  if (path.startsWith('node:internal/')) return `node:${path.split('/')[1]}`;
  if (path.startsWith('node:')) return path;
  return path.startsWith(root) ? path.slice(root.length + 1) : path;
}

export function summarizeProfile(file: string, root: string, top = 10): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const own = new Map<number, string | undefined>(profile.nodes.map((n) => [n.id, categoryOf(n.callFrame.url, root)]));
  /** The node's category, or its nearest caller's; V8's pseudo-frames such as "(garbage collector)" by name. */
  const resolved = (id: number): string => {
    const name = byId.get(id)!.callFrame.functionName;
    if (!byId.get(id)!.callFrame.url && name.startsWith('(')) return name;
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) if (own.get(n)) return own.get(n)!;
    return '(native)';
  };
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (m: Map<string, number>, key: string, dt: number) => m.set(key, (m.get(key) ?? 0) + dt);
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const category = resolved(id);
    if (category === '(idle)') return void (idle += dt);
    add(self, category, dt);
    const frame = byId.get(id)!.callFrame;
    add(functions, `${frame.functionName || '(anonymous)'}${frame.url ? '' : ' [builtin/wasm]'} in ${category}`, dt);
    const onStack = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const c = own.get(n);
      if (c && !c.startsWith('node:')) onStack.add(c);
    }
    for (const c of onStack) add(inclusive, c, dt);
  });
  const busy = total - idle;
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([c, t]) => `  ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${c}`);
  return [
    `busy ${((100 * busy) / total).toFixed(0)}% of ${(total / 1e6).toFixed(1)} s (the rest idle: waiting for I/O)`,
    'share of busy time with it on the stack (packages and workspace files):',
    ...table(inclusive),
    'share of busy time spent in it (self):',
    ...table(self),
    'functions with most self time:',
    ...table(functions),
  ];
}
