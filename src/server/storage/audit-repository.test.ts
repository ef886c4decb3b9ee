import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { maskPhoneNumber } from '../phone-number.js';
import { listAuditEvents, recordAuditEvent, type AuditEventInput } from './audit-repository.js';
import { describeOnEachDatabase } from './test-databases.js';

const AT = new Date('2025-06-01T12:00:00.555Z');

describeOnEachDatabase('audit events', (t) => {
  it('reads back what it was given, newest first', async () => {
    const userId = randomUUID();
    const first: AuditEventInput = {
      event: 'sign_in.succeeded',
      at: AT,
      userId,
      checkId: 'c_1',
      phoneMasked: maskPhoneNumber('+447700900001'),
      ip: '203.0.113.9',
      userAgent: 'Mobile Safari',
      detail: { new_account: true, attempts: 2, operator: 'O2 UK', previous: null },
    };
    await recordAuditEvent(t.db, first);
    // Same millisecond: the order still follows the writes.
    await recordAuditEvent(t.db, { event: 'sign_out', at: AT, userId });

    const events = await listAuditEvents(t.db, { userId, limit: 10 });
    expect(events.map((event) => event.event)).toEqual(['sign_out', 'sign_in.succeeded']);
    expect(events[1]).toEqual({ ...first, id: expect.any(Number) as unknown });
    expect(events[0]).toMatchObject({ at: AT, checkId: null, phoneMasked: null, ip: null, userAgent: null, detail: null });
  });

  it('lists by check and within the limit', async () => {
    const checkId = `c_${randomUUID()}`;
    for (let i = 0; i < 5; i++) await recordAuditEvent(t.db, { event: 'phone_check.polled', at: new Date(AT.getTime() + i), checkId });
    const events = await listAuditEvents(t.db, { checkId, limit: 3 });
    expect(events.map((event) => event.at.getTime() - AT.getTime())).toEqual([4, 3, 2]);
  });

  it('stores nothing it was not given, whatever else the object carried', async () => {
    const checkId = `c_${randomUUID()}`;
    const carrying = { event: 'phone_check.created', at: AT, checkId, phoneNumber: '+447700900001', code: '123456', flowToken: 'secret-cookie' };
    await recordAuditEvent(t.db, carrying);
    const row = await t.db.selectFrom('audit_events').selectAll().where('check_id', '=', checkId).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    for (const secret of ['447700900001', '123456', 'secret-cookie']) expect(stored).not.toContain(secret);
    expect(row).toMatchObject({ user_id: null, phone_masked: null, ip: null, user_agent: null, detail: null });
  });

  it('refuses a phone number that is not masked, and details named like secrets', async () => {
    await expect(recordAuditEvent(t.db, { event: 'sign_in.failed', at: AT, phoneMasked: '+447700900001' })).rejects.toThrow(TypeError);
    for (const key of ['code', 'access_token', 'flowToken', 'client_secret', 'Cookie']) {
      await expect(recordAuditEvent(t.db, { event: 'sign_in.failed', at: AT, detail: { [key]: 'x' } })).rejects.toThrow(TypeError);
    }
  });

  it('redacts a phone number inside a detail text but keeps dates and versions', async () => {
    const checkId = `c_${randomUUID()}`;
    await recordAuditEvent(t.db, {
      event: 'phone_check.failed',
      at: AT,
      checkId,
      detail: { description: 'No match for +44 7700 900001 (447700900001)', when: '2025-06-01T12:00:00Z', sdk: '0.0.11', error_code: 'no_match' },
    });
    const [event] = await listAuditEvents(t.db, { checkId, limit: 1 });
    expect(event?.detail).toEqual({
      description: 'No match for [redacted] ([redacted])',
      when: '2025-06-01T12:00:00Z',
      sdk: '0.0.11',
      error_code: 'no_match',
    });
  });

  it('keeps an account id whose first group is all digits (a UUID, not a phone number)', async () => {
    const checkId = `c_${randomUUID()}`;
    const id = '18167478-0b44-41a4-b738-98449ea91a20';
    await recordAuditEvent(t.db, { event: 'account.retired', at: AT, checkId, detail: { replaced_by: id, note: `${id} 447700900001` } });
    const [event] = await listAuditEvents(t.db, { checkId, limit: 1 });
    // Only a value that is exactly a UUID is left alone; a number beside one is still redacted.
    expect(event?.detail).toEqual({ replaced_by: id, note: '[redacted]-0b44-41a4-b738-98449ea91a20 [redacted]' });
  });
});
