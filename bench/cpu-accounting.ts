// Where the machine's CPU goes during a run, read from the kernel (Linux /proc): the bench's processes
// are known by pid, PostgreSQL's by name (its server processes are not ours to spawn), and the whole
// machine from /proc/stat. The targets compare servers; these say whether a ratio is bounded by the
// server under test or by what shares its cores (the emulator, the database, the load generator).
import { readdir, readFile } from 'node:fs/promises';

// Clock ticks per second for /proc's utime, stime and /proc/stat (USER_HZ): 100 on every Linux we run on.
const USER_HZ = 100;

/** User + system CPU of one process so far, in milliseconds. */
export async function processCpuMs(pid: number): Promise<number> {
  return cpuMsOf(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/** The CPU time in a /proc/<pid>/stat line, in milliseconds. */
function cpuMsOf(stat: string): number {
  // The command name may hold spaces, so split after its closing parenthesis: utime and stime are
  // fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/** CPU used so far by each process whose command name is `name` (e.g. "postgres": the server and one backend per connection), by pid. */
export async function processesNamedCpuMs(name: string): Promise<Map<number, number>> {
  const byPid = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
      byPid.set(Number(entry), cpuMsOf(stat));
    } catch {
      // gone since readdir
    }
  }
  return byPid;
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
