import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { FlowStore, VerificationFlow } from '../flow-store.js';
import { listAuditEvents } from './audit-repository.js';
import { createDbFlowStore, deleteExpiredFlows } from './flow-repository.js';
import { describeOnEachDatabase } from './test-databases.js';

const CREATED = new Date('2025-06-01T12:00:00.123Z');

function newFlow(overrides: Partial<VerificationFlow> = {}): VerificationFlow {
  return {
    checkId: `c_${randomUUID()}`,
    flowTokenHash: 'a'.repeat(64),
    phoneNumber: '+447700900001',
    status: 'pending',
    match: null,
    failureReason: null,
    createdAt: CREATED,
    expiresAt: new Date(CREATED.getTime() + 120_000),
    finishedAt: null,
    consumedAt: null,
    product: 'phone_check',
    simPeriodMinutes: null,
    simFacts: null,
    recycledUserId: null,
    ...overrides,
  };
}

/** The FlowStore port's behaviour, which every adapter must show alike. */
function flowStoreContract(store: () => FlowStore): void {
  it('reads back exactly the flow it was given, to the millisecond', async () => {
    const flow = newFlow({ expiresAt: new Date(8.64e15) /* the last representable Date */ });
    await store().insert(flow);
    expect(await store().findByCheckId(flow.checkId)).toEqual(flow);
  });

  it('knows nothing of a check it never saw', async () => {
    expect(await store().findByCheckId('c_unknown')).toBeUndefined();
    expect(await store().finish('c_unknown', { status: 'completed', match: true }, CREATED)).toBe(false);
    expect(await store().consume('c_unknown', CREATED)).toBe(false);
  });

  it('ends a flow exactly once when ten finishes race', async () => {
    const flow = newFlow();
    await store().insert(flow);
    const at = new Date(CREATED.getTime() + 5_000);
    const outcomes = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0 ? ({ status: 'completed', match: true } as const) : ({ status: 'failed', failureReason: 'expired' } as const),
    );
    const results = await Promise.all(outcomes.map((outcome) => store().finish(flow.checkId, outcome, at)));
    expect(results.filter(Boolean)).toHaveLength(1);

    const winner = outcomes[results.indexOf(true)]!;
    expect(await store().findByCheckId(flow.checkId)).toEqual({
      ...flow,
      status: winner.status,
      match: winner.status === 'completed' ? winner.match : null,
      failureReason: winner.status === 'failed' ? winner.failureReason : null,
      finishedAt: at,
    });
  });

  it('records a failure with its reason and no match', async () => {
    const flow = newFlow();
    await store().insert(flow);
    expect(await store().finish(flow.checkId, { status: 'failed', failureReason: 'mno_redirect_unsupported' }, CREATED)).toBe(true);
    expect(await store().findByCheckId(flow.checkId)).toMatchObject({ status: 'failed', match: null, failureReason: 'mno_redirect_unsupported' });
  });

  it('records a completed check that did not match as match false', async () => {
    const flow = newFlow();
    await store().insert(flow);
    await store().finish(flow.checkId, { status: 'completed', match: false }, CREATED);
    expect(await store().findByCheckId(flow.checkId)).toMatchObject({ status: 'completed', match: false, failureReason: null });
  });

  it('turns a matched flow into a sign-in exactly once when ten consumers race', async () => {
    const flow = newFlow();
    await store().insert(flow);
    await store().finish(flow.checkId, { status: 'completed', match: true }, CREATED);
    const at = new Date(CREATED.getTime() + 9_999);
    const results = await Promise.all(Array.from({ length: 10 }, () => store().consume(flow.checkId, at)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store().findByCheckId(flow.checkId))?.consumedAt).toEqual(at);
    expect(await store().consume(flow.checkId, at)).toBe(false);
  });

  it('keeps what a completed SubscriberCheck said about the SIM, including "not said"', async () => {
    const changed = newFlow({ product: 'subscriber_check', simPeriodMinutes: 10080 });
    const silent = newFlow({ product: 'subscriber_check', simPeriodMinutes: 10080 });
    await store().insert(changed);
    await store().insert(silent);
    await store().finish(changed.checkId, { status: 'completed', match: true, simFacts: { noSimChange: false, changeWithinMinutes: 1440 } }, CREATED);
    await store().finish(silent.checkId, { status: 'completed', match: true, simFacts: { noSimChange: null, changeWithinMinutes: null } }, CREATED);
    expect(await store().findByCheckId(changed.checkId)).toMatchObject({
      product: 'subscriber_check',
      simPeriodMinutes: 10080,
      simFacts: { noSimChange: false, changeWithinMinutes: 1440 },
    });
    expect((await store().findByCheckId(silent.checkId))?.simFacts).toEqual({ noSimChange: null, changeWithinMinutes: null });
  });

  it('remembers the account a refused sign-in judged possibly recycled', async () => {
    const flow = newFlow();
    await store().insert(flow);
    await store().markPossiblyRecycled(flow.checkId, 'user-1');
    expect((await store().findByCheckId(flow.checkId))?.recycledUserId).toBe('user-1');
  });

  it('never consumes a flow that is pending, failed or did not match', async () => {
    const pending = newFlow();
    const failed = newFlow();
    const mismatched = newFlow();
    for (const flow of [pending, failed, mismatched]) await store().insert(flow);
    await store().finish(failed.checkId, { status: 'failed', failureReason: 'expired' }, CREATED);
    await store().finish(mismatched.checkId, { status: 'completed', match: false }, CREATED);

    for (const flow of [pending, failed, mismatched]) {
      expect(await store().consume(flow.checkId, CREATED)).toBe(false);
      expect((await store().findByCheckId(flow.checkId))?.consumedAt ?? null).toBeNull();
    }
  });
}

describeOnEachDatabase('verification flows', (t) => {
  flowStoreContract(() => createDbFlowStore(t.db));

  it('is shared by every handle on the database, as between server processes', async () => {
    const other = await t.open();
    const flow = newFlow();
    await createDbFlowStore(t.db).insert(flow);
    expect(await createDbFlowStore(other.db).finish(flow.checkId, { status: 'completed', match: true }, CREATED)).toBe(true);
    expect(await createDbFlowStore(t.db).finish(flow.checkId, { status: 'completed', match: true }, CREATED)).toBe(false);
    await other.close();
  });

  it('writes a flow and its audit event together: an event that cannot be recorded leaves no flow behind', async () => {
    const flows = createDbFlowStore(t.db);
    const flow = newFlow();
    const bad = { event: 'Not A Valid Name', at: CREATED, checkId: flow.checkId };
    await expect(flows.insert(flow, bad)).rejects.toThrow(TypeError);
    expect(await flows.findByCheckId(flow.checkId)).toBeUndefined();
    await flows.insert(flow, { event: 'phone_check.started', at: CREATED, checkId: flow.checkId });
    await expect(flows.finish(flow.checkId, { status: 'completed', match: true }, CREATED, bad)).rejects.toThrow(TypeError);
    expect((await flows.findByCheckId(flow.checkId))?.status).toBe('pending');
    expect(await flows.finish(flow.checkId, { status: 'completed', match: true }, CREATED, { event: 'phone_check.completed', at: CREATED, checkId: flow.checkId })).toBe(true);
    // A finish that changed nothing records nothing.
    expect(await flows.finish(flow.checkId, { status: 'completed', match: true }, CREATED, { event: 'phone_check.completed', at: CREATED, checkId: flow.checkId })).toBe(false);
    const events = (await listAuditEvents(t.db, { checkId: flow.checkId, limit: 10 })).map((e) => e.event);
    expect(events.sort()).toEqual(['phone_check.completed', 'phone_check.started']);
  });

  it('writes neither the flow nor its audit event when the flow cannot be written (one statement on PostgreSQL)', async () => {
    const flows = createDbFlowStore(t.db);
    const flow = newFlow();
    await flows.insert(flow, { event: 'phone_check.started', at: CREATED, checkId: flow.checkId });
    // The same check id again: the flow's INSERT fails in the database, after the event passed every check.
    await expect(flows.insert(flow, { event: 'phone_check.started', at: CREATED, checkId: flow.checkId, detail: { second: true } })).rejects.toThrow();
    const events = await listAuditEvents(t.db, { checkId: flow.checkId, limit: 10 });
    expect(events.map((e) => e.detail)).toEqual([null]);
  });

  it('records the end of a flow once when ten finishes with their audit events race', async () => {
    const flows = createDbFlowStore(t.db);
    const flow = newFlow();
    await flows.insert(flow);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        flows.finish(flow.checkId, { status: 'completed', match: true }, CREATED, { event: 'phone_check.completed', at: CREATED, checkId: flow.checkId, detail: { attempt: i } }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const events = await listAuditEvents(t.db, { checkId: flow.checkId, limit: 20 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'phone_check.completed', at: CREATED, detail: { attempt: results.indexOf(true) } });
  });

  it('deletes only flows that expired before the given time', async () => {
    const old = newFlow({ createdAt: new Date('2001-01-01T00:00:00Z'), expiresAt: new Date('2001-01-01T00:02:00Z') });
    const current = newFlow({ createdAt: new Date('2001-01-01T00:01:00Z'), expiresAt: new Date('2001-01-01T00:03:00Z') });
    const flows = createDbFlowStore(t.db);
    await flows.insert(old);
    await flows.insert(current);
    expect(await deleteExpiredFlows(t.db, new Date('2001-01-01T00:02:30Z'))).toBe(1);
    expect(await flows.findByCheckId(old.checkId)).toBeUndefined();
    expect(await flows.findByCheckId(current.checkId)).toEqual(current);
  });
});
