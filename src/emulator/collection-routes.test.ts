import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

const PHONE = '447700900001';

describe('collections', () => {
  it('list only the checks created under the same product and version', async () => {
    const v1 = await h.create('/phone_check/v0.1/checks', { phone_number: PHONE });
    const v2 = await h.create('/phone_check/v0.2/checks', { phone_number: PHONE });
    await h.create('/subscriber_check/v0.2/checks', { phone_number: PHONE });
    const ids = async (path: string) => ((await h.api('GET', path)).body as { _embedded: { checks: { check_id: string }[] } })._embedded.checks.map((c) => c.check_id);
    expect(await ids('/phone_check/v0.1/checks')).toEqual([v1.check_id]);
    expect(await ids('/phone_check/v0.2/checks')).toEqual([v2.check_id]);
  });

  it('show a check as it is now (EXPIRED after its ttl)', async () => {
    await h.create('/phone_check/v0.2/checks', { phone_number: PHONE });
    await h.admin('POST', '/_emulator/clock/advance', { seconds: 121 });
    const sent = await h.api('GET', '/phone_check/v0.2/checks?search=status==EXPIRED');
    expect(sent.body).toMatchObject({ page: { total_elements: 1 } });
  });

  it('answer 400 problem+json naming every bad parameter', async () => {
    const sent = await h.api('GET', '/sim_check/v0.1/checks?page=0&size=1000&sort=nope,asc&search=status%3D%3D');
    expect(sent.status).toBe(400);
    expect(sent.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((sent.body as { issues: string[] }).issues).toHaveLength(4);
  });

  it("need the product's scope", async () => {
    expect((await h.api('GET', '/subscriber_check/v0.1/checks', { token: await h.token('phone_check') })).status).toBe(403);
  });
});
