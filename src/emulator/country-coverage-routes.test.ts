import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('country coverage', () => {
  it('answers 400 for a code that is no country, 404 for a country without operators, 403 without the coverage scope', async () => {
    const token = await h.token('coverage');
    expect((await h.api('GET', '/coverage/v0.1/countries/XYZ', { token })).status).toBe(400);
    const france = await h.api('GET', '/coverage/v0.1/countries/FR', { token });
    expect(france.status).toBe(404);
    expect(france.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await h.api('GET', '/coverage/v0.1/countries/GB', { token: await h.token('phone_check') })).status).toBe(403);
  });

  it('follows the network: a new operator in a new country is covered at once', async () => {
    await h.admin('PUT', '/_emulator/operators/20801', { name: 'Orange FR', country_code: 'FR', supported: true });
    const sent = await h.api('GET', '/coverage/v0.1/countries/33', { token: await h.token('coverage') });
    expect(sent.body).toMatchObject({ country_code: 'FR', dialing_code: 33, products: expect.arrayContaining([expect.objectContaining({ coverage: 'FULL' })]) as unknown });
  });
});
