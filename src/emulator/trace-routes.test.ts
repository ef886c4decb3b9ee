import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

const PHONE = '447700900001';

describe('traces', () => {
  it('tell an ERROR apart from a success, oldest first', async () => {
    const check = await h.create('/phone_check/v0.2/checks', { phone_number: PHONE, redirect_url: 'https://app.example/cb' });
    await h.open(check._links.check_url.href, 'wifi');
    const sent = await h.api('GET', `${check._links.self.href}/traces`);
    const traces = (sent.body as { _embedded: { traces: { logs: { message: string }[] }[] } })._embedded.traces;
    expect(traces[0]!.logs[0]!.message).toBe('Check create: request accepted');
    expect(traces[1]!.logs.map((l) => l.message)).toContain('Check result: error not_mobile_ip');
  });

  it('belong to their own product and version', async () => {
    const check = await h.create('/phone_check/v0.2/checks', { phone_number: PHONE });
    expect((await h.api('GET', `/subscriber_check/v0.2/checks/${check.check_id}/traces`)).status).toBe(404);
  });
});
