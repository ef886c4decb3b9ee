// Country coverage (models/coverage/CoverageResourceModels.v1.yaml CountryCoverage): which of the
// emulator's operators in a country run which product, at what price. The definitions have the model
// but no path; tru.ID's dev-server reads it from `GET /coverage/v0.1/countries/{code}`, "by country
// code (e.g. GB) or phone number country prefix (e.g. 44)". Built from the network definition:
//   - an operator counts for a product when it is `supported`; PhoneCheck and SubscriberCheck also need
//     `redirect_supported` (their check_url is a redirect), SIMCheck needs SIM-change data to share;
//   - `coverage` is FULL when every operator of the country counts, PARTIAL when some do; a product no
//     operator runs is left out;
//   - every check costs 1 API credit in the emulator, so every price is `{currency: API, amount: 1}`.
import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { PRODUCTS } from './products.js';
import type { NetworkDefinition, Operator } from './network.js';

const PRICE = { currency: 'API', amount: 1 } as const;

const RUNS: Record<(typeof PRODUCTS)[number]['product_id'], (o: Operator) => boolean> = {
  pck: (o) => o.supported && o.redirect_supported !== false,
  suk: (o) => o.supported && o.redirect_supported !== false,
  sck: (o) => o.supported && o.sim_change_data !== false,
};

const KNOWN_COUNTRIES: ReadonlySet<string> = new Set(getCountries());

export type CountryLookup = { kind: 'found'; country: string } | { kind: 'invalid' } | { kind: 'not_covered' };

/**
 * `GB`/`gb` (ISO 3166-1 alpha-2) or `44` (dialing code). A dialing code several countries share (`1`,
 * `44`, `7`) means the first of them, alphabetically, that has an operator in the network.
 */
export function resolveCountry(network: NetworkDefinition, code: string): CountryLookup {
  const countries = [...new Set(network.operators.map((o) => o.country_code))].sort();
  if (/^[A-Za-z]{2}$/.test(code)) {
    const country = code.toUpperCase();
    if (!KNOWN_COUNTRIES.has(country)) return { kind: 'invalid' };
    return countries.includes(country) ? { kind: 'found', country } : { kind: 'not_covered' };
  }
  if (/^\d{1,3}$/.test(code)) {
    const country = countries.find((c) => KNOWN_COUNTRIES.has(c) && getCountryCallingCode(c as CountryCode) === code);
    return country ? { kind: 'found', country } : { kind: 'not_covered' };
  }
  return { kind: 'invalid' };
}

export function countryCoverage(network: NetworkDefinition, country: string, selfUrl: string): Record<string, unknown> {
  const operators = network.operators.filter((o) => o.country_code === country);
  const products = PRODUCTS.flatMap(({ product_id, product_name }) => {
    const running = operators.filter(RUNS[product_id]);
    if (running.length === 0) return [];
    return [
      {
        product_id,
        product_name,
        coverage: running.length === operators.length ? 'FULL' : 'PARTIAL',
        prices_starting_from: [{ ...PRICE }],
        networks: running.map((o) => ({ network_id: o.network_id, network_name: o.name, prices: [{ ...PRICE }] })),
      },
    ];
  });
  return {
    country_code: country,
    ...(KNOWN_COUNTRIES.has(country) ? { dialing_code: Number(getCountryCallingCode(country as CountryCode)) } : {}),
    products,
    _links: { self: { href: selfUrl } },
  };
}
