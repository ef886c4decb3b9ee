import { describe, expect, it } from 'vitest';
import { grantScopes } from './scopes.js';

describe('grantScopes', () => {
  it('grants every served scope when none is asked for', () => {
    expect(grantScopes(undefined)).toEqual({ ok: true, granted: ['phone_check', 'subscriber_check', 'sim_check', 'coverage'], dropped: [] });
    expect(grantScopes('  ')).toMatchObject({ ok: true, granted: ['phone_check', 'subscriber_check', 'sim_check', 'coverage'] });
  });

  it('grants known scopes the emulator does not serve, once each, in the order asked', () => {
    expect(grantScopes('mo_check phone_check mo_check console')).toEqual({ ok: true, granted: ['mo_check', 'phone_check', 'console'], dropped: [] });
  });

  it('drops strings no tru.ID source names, and refuses when nothing known is left', () => {
    expect(grantScopes('coverage bogus')).toEqual({ ok: true, granted: ['coverage'], dropped: ['bogus'] });
    expect(grantScopes('bogus other')).toEqual({ ok: false, unknown: ['bogus', 'other'] });
  });
});
