import { describe, expect, it } from 'vitest';
import { cpuBetween, machineBusyMs, ownCpuMs, processCpuMs, processesNamedCpuMs } from '../../bench/cpu-accounting.js';
import { readProcStat } from '../../bench/proc-stat.js';

describe('CPU accounting', () => {
  it('counts a process that started between two readings from zero, and leaves out one that ended', () => {
    const before = new Map([
      [10, 100],
      [11, 50],
    ]);
    const after = new Map([
      [10, 130],
      [12, 7],
    ]);
    expect(cpuBetween(before, after)).toBe(37);
  });

  it('reads this process, the processes named like it, and the machine from /proc', async () => {
    const busy = await machineBusyMs();
    const own = await processCpuMs(process.pid);
    expect(own).toBeGreaterThanOrEqual(0);
    expect(ownCpuMs()).toBeGreaterThan(0);
    expect(busy).toBeGreaterThan(0);
    const self = await readProcStat(process.pid);
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid });
    // Alive: running, or sleeping while a worker thread runs this test (the line is the main thread's).
    expect(self.state).toMatch(/^[RSD]$/);
    const named = await processesNamedCpuMs(self.name);
    expect(named.get(process.pid)).toBeGreaterThanOrEqual(0);
  });
});
