// Housekeeping on both databases: what it removes and what it keeps, as of a given moment.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { insertHandoff } from './handoff/handoff-repository.js';
import { runHousekeeping } from './housekeeping.js';
import { kyselyAdapter } from './oidc/adapter.js';
import { recordAuditEvent } from './storage/audit-repository.js';
import { createDbFlowStore } from './storage/flow-repository.js';
import { insertSession } from './storage/session-repository.js';
import { describeOnEachDatabase } from './storage/test-databases.js';
import { findOrCreateUserByPhone } from './storage/user-repository.js';

const NOW = new Date('2031-03-01T12:00:00Z');
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describeOnEachDatabase('housekeeping', (t) => {
  async function flowExpiring(expiresAt: Date): Promise<string> {
    const checkId = randomUUID();
    await createDbFlowStore(t.db).insert({
      checkId,
      flowTokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      phoneNumber: '+447700900001',
      status: 'failed',
      match: null,
      failureReason: 'expired',
      createdAt: new Date(expiresAt.getTime() - 300_000),
      expiresAt,
      finishedAt: expiresAt,
      consumedAt: null,
    });
    return checkId;
  }

  async function auditEventAt(at: Date): Promise<string> {
    const checkId = randomUUID();
    await recordAuditEvent(t.db, { event: 'phone_check.started', at, checkId });
    return checkId;
  }

  async function remainingFlows(checkIds: string[]): Promise<string[]> {
    const rows = await t.db.selectFrom('verification_flows').select('check_id').where('check_id', 'in', checkIds).execute();
    return rows.map((row) => row.check_id).sort();
  }

  async function remainingAuditEvents(checkIds: string[]): Promise<string[]> {
    const rows = await t.db.selectFrom('audit_events').select('check_id').where('check_id', 'in', checkIds).execute();
    return rows.map((row) => row.check_id!).sort();
  }

  it('removes flows a day after they expired, and keeps the last day of them for support questions', async () => {
    const old = await flowExpiring(ago(DAY + HOUR));
    const recent = await flowExpiring(ago(HOUR));
    const live = await flowExpiring(new Date(NOW.getTime() + 5 * 60_000));
    const removed = await runHousekeeping(t.db, NOW, { auditRetentionDays: 90 });
    expect(removed.flows).toBe(1);
    expect(await remainingFlows([old, recent, live])).toEqual([recent, live].sort());
  });

  it('removes audit events older than the retention period and keeps the rest', async () => {
    const older = await auditEventAt(ago(91 * DAY));
    const justOver = await auditEventAt(ago(90 * DAY + 1));
    const justUnder = await auditEventAt(ago(90 * DAY - HOUR));
    const recent = await auditEventAt(ago(HOUR));
    const removed = await runHousekeeping(t.db, NOW, { auditRetentionDays: 90 });
    expect(removed.auditEvents).toBe(2);
    expect(await remainingAuditEvents([older, justOver, justUnder, recent])).toEqual([justUnder, recent].sort());

    // A shorter retention (AUDIT_RETENTION_DAYS=30) takes the 89-day-old one too.
    expect((await runHousekeeping(t.db, NOW, { auditRetentionDays: 30 })).auditEvents).toBe(1);
    expect(await remainingAuditEvents([justUnder, recent])).toEqual([recent]);
  });

  it('removes expired sessions only', async () => {
    const { user } = await findOrCreateUserByPhone(t.db, '+447700900077', ago(10 * DAY));
    const session = (expiresAt: Date) => ({
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      userId: user.id,
      createdAt: ago(10 * DAY),
      expiresAt,
      lastSeenAt: ago(10 * DAY),
      ip: null,
      userAgent: null,
      amr: ['sim'] as const,
    });
    const expired = session(ago(HOUR));
    const live = session(new Date(NOW.getTime() + HOUR));
    await insertSession(t.db, expired);
    await insertSession(t.db, live);
    expect((await runHousekeeping(t.db, NOW, { auditRetentionDays: 90 })).sessions).toBe(1);
    const rows = await t.db.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute();
    expect(rows.map((row) => row.token_hash)).toEqual([live.tokenHash]);
  });

  it('removes hand-offs a day after they expired', async () => {
    const handoff = async (expiresAt: Date) => {
      const id = randomUUID();
      const hash = () => createHash('sha256').update(randomBytes(32)).digest('hex');
      await insertHandoff(t.db, {
        id, desktopTokenHash: hash(), linkTokenHash: hash(), matchCode: '42', codeChoices: ['42', '17', '85'],
        phoneNumber: null, desktopSummary: 'Chrome on Linux', createdAt: new Date(expiresAt.getTime() - 300_000), expiresAt,
      });
      return id;
    };
    const old = await handoff(ago(DAY + HOUR));
    const recent = await handoff(ago(HOUR));
    expect((await runHousekeeping(t.db, NOW, { auditRetentionDays: 90 })).handoffs).toBe(1);
    const rows = await t.db.selectFrom('handoffs').select('id').where('id', 'in', [old, recent]).execute();
    expect(rows.map((row) => row.id)).toEqual([recent]);
  });

  it("removes the OpenID Connect provider's rows once expired, and keeps live ones", async () => {
    const Adapter = kyselyAdapter(t.db, () => NOW);
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('live', { grantId: 'g1' }, 60);
    // Stored a minute ago with a 30-second lifetime.
    await new (kyselyAdapter(t.db, () => ago(60_000)))('AuthorizationCode').upsert('gone', { grantId: 'g1' }, 30);
    expect((await runHousekeeping(t.db, NOW, { auditRetentionDays: 90 })).oidcPayloads).toBe(1);
    expect(await codes.find('live')).toMatchObject({ grantId: 'g1' });
    const rows = await t.db.selectFrom('oidc_payloads').select('id').where('model', '=', 'AuthorizationCode').execute();
    expect(rows.map((row) => row.id)).toEqual(['live']);
  });
});
