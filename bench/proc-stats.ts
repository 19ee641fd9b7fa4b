/** Memory and CPU of bench processes and their children, read from /proc (Linux). */
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

function status(pid: number, field: string): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN) / 1024;
}

/** The most memory the process has held (VmHWM), in MB. */
export const peakRssMb = (pid: number): number => status(pid, 'VmHWM');

/** The memory the process holds now (VmRSS), in MB. */
export const rssMb = (pid: number): number => status(pid, 'VmRSS');

/** Child processes of a process (a worker's sandboxed processors). */
export function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

/** The process and all its descendants. */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      tree.push(...childrenOf(tree[i]!));
    } catch {
      // exited meanwhile
    }
  }
  return tree;
}

/** User + system CPU seconds the process has used (its children's not included until they are waited for). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Sums a reading over a process tree, skipping processes that exit while it is read. */
export function treeSum(pid: number, read: (pid: number) => number): number {
  let sum = 0;
  for (const p of processTree(pid)) {
    try {
      sum += read(p);
    } catch {
      // exited meanwhile
    }
  }
  return sum;
}
