import { expect, it, vi } from 'vitest';
import { onDemand } from '../../src/web/on-demand.js';

it('loads the part once, on first use, and runs every action in the order asked', async () => {
  const calls: string[] = [];
  const load = vi.fn(() => Promise.resolve({ act: (what: string) => calls.push(what) }));
  const part = onDemand(load);
  part.ifStarted((p) => p.act('hide before any use'));
  expect(load).not.toHaveBeenCalled();
  const shown = part.use((p) => p.act('show'));
  part.ifStarted((p) => p.act('hide'));
  await shown;
  await part.use((p) => p.act('show again'));
  expect(load).toHaveBeenCalledTimes(1);
  expect(calls).toEqual(['show', 'hide', 'show again']);
});

it('tries the load again on the next use when the chunk could not be fetched', async () => {
  const load = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue({ ok: true });
  const part = onDemand<{ ok: boolean }>(load);
  await expect(part.use(() => undefined)).rejects.toThrow('offline');
  let seen = false;
  await part.use((p) => (seen = p.ok));
  expect(seen).toBe(true);
  expect(load).toHaveBeenCalledTimes(2);
});
