import { describe, expect, it } from 'vitest';
import { countryCoverage, resolveCountry } from './country-coverage.js';
import { defaultNetwork, type NetworkDefinition } from './network.js';

const network = defaultNetwork(0);

describe('resolveCountry', () => {
  it('reads a country code in either case, or a dialing code', () => {
    expect(resolveCountry(network, 'GB')).toEqual({ kind: 'found', country: 'GB' });
    expect(resolveCountry(network, 'gb')).toEqual({ kind: 'found', country: 'GB' });
    expect(resolveCountry(network, '44')).toEqual({ kind: 'found', country: 'GB' });
  });

  it('tells a real country without operators from a code that is no country', () => {
    expect(resolveCountry(network, 'FR')).toEqual({ kind: 'not_covered' });
    expect(resolveCountry(network, '33')).toEqual({ kind: 'not_covered' });
    expect(resolveCountry(network, 'XX')).toEqual({ kind: 'invalid' });
    expect(resolveCountry(network, 'GBR')).toEqual({ kind: 'invalid' });
    expect(resolveCountry(network, '+44')).toEqual({ kind: 'invalid' });
  });
});

describe('countryCoverage', () => {
  it("lists, per product, the operators that run it, with the emulator's 1 API credit price", () => {
    const body = countryCoverage(network, 'GB', 'https://e.example/coverage/v0.1/countries/GB') as {
      dialing_code: number;
      products: { product_id: string; coverage: string; networks: { network_id: string }[]; prices_starting_from: unknown }[];
    };
    expect(body.dialing_code).toBe(44);
    const ids = Object.fromEntries(body.products.map((p) => [p.product_id, p.networks.map((n) => n.network_id)]));
    // 23420 is not supported; 23499 shares no SIM-change data, so it cannot run a SIMCheck.
    expect(ids).toEqual({ pck: ['23410', '23415', '23499'], suk: ['23410', '23415', '23499'], sck: ['23410', '23415'] });
    expect(body.products.every((p) => p.coverage === 'PARTIAL')).toBe(true);
    expect(body.products[0]!.prices_starting_from).toEqual([{ currency: 'API', amount: 1 }]);
  });

  it('says FULL when every operator of the country runs the product, and leaves out products none runs', () => {
    const only: NetworkDefinition = { ...network, operators: network.operators.filter((o) => o.network_id === '23499') };
    const body = countryCoverage(only, 'GB', 'x') as { products: { product_id: string; coverage: string }[] };
    expect(body.products).toEqual([expect.objectContaining({ product_id: 'pck', coverage: 'FULL' }), expect.objectContaining({ product_id: 'suk', coverage: 'FULL' })]);
  });
});
