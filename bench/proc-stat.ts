// Linux's process table as /proc/<pid>/stat gives it: the one parser of that line for the bench (CPU
// accounting) and its tests (which processes a bench started, and whether they are gone).
import { readdir, readFile } from 'node:fs/promises';

// Clock ticks per second for /proc's utime, stime and /proc/stat (USER_HZ): 100 on every Linux we run on.
export const USER_HZ = 100;

export interface ProcStat {
  pid: number;
  /** The command name (at most 15 characters), e.g. "postgres" or "node". */
  name: string;
  /** R running, S sleeping, Z exited but not yet reaped by its parent, … */
  state: string;
  ppid: number;
  /** User + system CPU so far, in milliseconds. */
  cpuMs: number;
}

/** One process's line; throws when there is no such process. */
export async function readProcStat(pid: number): Promise<ProcStat> {
  return parseProcStat(pid, await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/** Every process there is now (one that ends while the table is read is left out). */
export async function allProcStats(): Promise<ProcStat[]> {
  const stats: ProcStat[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      stats.push(await readProcStat(Number(entry)));
    } catch {
      // gone since readdir
    }
  }
  return stats;
}

function parseProcStat(pid: number, line: string): ProcStat {
  // The command name may hold spaces and parentheses, so the fields are counted from its last ')':
  // state, ppid, … utime and stime are fields 3, 4, 14 and 15 of the whole line.
  const close = line.lastIndexOf(')');
  const fields = line.slice(close + 2).split(' ');
  return {
    pid,
    name: line.slice(line.indexOf('(') + 1, close),
    state: fields[0] ?? '',
    ppid: Number(fields[1]),
    cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ,
  };
}
