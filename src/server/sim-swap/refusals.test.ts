import { describe, expect, it } from 'vitest';
import { formatUtc, refusalError } from './refusals.js';
import { DEFAULT_SIM_SWAP_SETTINGS } from './settings.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const context = { settings: DEFAULT_SIM_SWAP_SETTINGS, now: NOW, hasAccount: true };

describe('refusals in words', () => {
  it('a recent change: what happened, why it protects, what to do, and the date — also as ISO for the page', () => {
    const error = refusalError({ kind: 'refuse_recent_change', changeWithinMinutes: 1440 }, context);
    expect(error).toMatchObject({ code: 'sim_changed_recently', status: 403 });
    expect(error.detail).toMatch(/SIM card was changed recently/);
    expect(error.detail).toMatch(/SIM swap/);
    expect(error.detail).toMatch(/try again after Sunday 22 June 2025, 00:00 UTC/);
    expect(error.detail).toMatch(/contact your mobile network/);
    expect(error.extensions).toEqual({ try_again_after: '2025-06-22T00:00:00.000Z' });
  });

  it('no data, and a possibly recycled number offering a new account', () => {
    expect(refusalError({ kind: 'refuse_no_data', reason: 'mno_no_data_available' }, context)).toMatchObject({ code: 'sim_change_unknown', status: 403 });
    const recycled = refusalError({ kind: 'possibly_recycled' }, context);
    expect(recycled).toMatchObject({ code: 'possibly_recycled_number', status: 409, extensions: { new_account_available: true } });
    expect(recycled.detail).toMatch(/start a new account/);
  });
});

describe('formatUtc', () => {
  it('names the day, the date, the time and the zone', () => {
    expect(formatUtc(new Date('2025-03-14T09:05:00Z'))).toBe('Friday 14 March 2025, 09:05 UTC');
  });
});
