import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('products the emulator does not emulate', () => {
  it('MOCheck: 401 without a token, 404 naming the product on any path below /mo_check with one', async () => {
    expect((await fetch(`${h.url}/mo_check/v0.1/checks`, { method: 'POST' })).status).toBe(401);
    const sent = await h.api('GET', '/mo_check/v0.1/checks/00000000-0000-4000-8000-000000000000', { token: await h.token('mo_check') });
    expect(sent.status).toBe(404);
    expect(sent.body).toMatchObject({ detail: expect.stringContaining('not emulated') as string });
  });
});
