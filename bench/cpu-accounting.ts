// Where the machine's CPU goes during a run, read from the kernel (Linux /proc): the bench's processes
// are known by pid, PostgreSQL's by name (its server processes are not ours to spawn), and the whole
// machine from /proc/stat. The targets compare servers; these say whether a ratio is bounded by the
// server under test or by what shares its cores (the emulator, the database, the load generator).
import { readFile } from 'node:fs/promises';
import { allProcStats, readProcStat, USER_HZ } from './proc-stat.js';

/** User + system CPU of one process so far, in milliseconds. */
export async function processCpuMs(pid: number): Promise<number> {
  return (await readProcStat(pid)).cpuMs;
}

/** CPU used so far by each process whose command name is `name` (e.g. "postgres": the server and one backend per connection), by pid. */
export async function processesNamedCpuMs(name: string): Promise<Map<number, number>> {
  return new Map((await allProcStats()).filter((p) => p.name === name).map((p) => [p.pid, p.cpuMs]));
}

/**
 * CPU those processes used between two readings: a process that started in between counts from zero; one
 * that ended in between is left out (its last moments are lost, never counted negative).
 */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** CPU time the whole machine has spent busy (every core, every process, not idle or waiting on I/O). */
export async function machineBusyMs(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0]!;
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / USER_HZ;
}

/** This process's own CPU (the load generator), in milliseconds. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
