// What one check costs the database: the statements (BEGIN and COMMIT included) each step of the journey
// runs, as the bench drives it (create → the device opens check_url → the redirect back → sign-in), on
// SQLite and PostgreSQL. Every statement is a round trip to PostgreSQL, so a step that grows one should
// do so on purpose: this test names the counts, and the numbers change here when a step's work changes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDialect, startStack, type Stack } from '../../test/support/stack.js';

/** Statements per step: a sign-up (new number), then a sign-in on the same number (the bench's steady state). */
const EXPECTED = {
  sqlite: { create: 4, redirect: 5, signUp: 7, signIn: 7 },
  postgres: { create: 1, redirect: 2, signUp: 2, signIn: 2 },
};

describeOnEachDialect('statements per check on %s', (dialect) => {
  let stack: Stack;
  let statements: string[] = [];
  beforeAll(async () => {
    // No tru.ID callbacks (emulatorMode off), as in the bench: their statements would land in whichever step is running.
    stack = await startStack({ dialect, emulatorMode: false, onQuery: (sql) => statements.push(sql) });
  });
  afterAll(async () => stack?.close());

  /** Runs `step` and returns the statements it ran. */
  async function counted(step: () => Promise<void>): Promise<string[]> {
    statements = [];
    await step();
    return statements;
  }

  async function journey(phone: string): Promise<Record<'create' | 'redirect' | 'signIn', string[]>> {
    let created!: { checkId: string; checkUrl: string };
    let flow!: string;
    const create = await counted(async () => {
      const response = await fetch(`${stack.appUrl}/api/phone-check`, {
        method: 'POST',
        headers: { origin: stack.appUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ phone_number: phone }),
      });
      expect(response.status).toBe(201);
      created = ((await response.json()) as { data: typeof created }).data;
      flow = response.headers.getSetCookie().find((c) => c.startsWith('simpass_flow='))!.split(';')[0]!;
    });
    const network = await fetch(created.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': 'phone' } });
    const back = new URL(network.headers.get('location')!);
    const redirect = await counted(async () => {
      const response = await fetch(`${stack.appUrl}${back.pathname}${back.search}`, { redirect: 'manual', headers: { cookie: flow } });
      expect(response.status).toBe(303);
    });
    const signIn = await counted(async () => {
      const response = await fetch(`${stack.appUrl}/api/sign-in`, {
        method: 'POST',
        headers: { origin: stack.appUrl, 'content-type': 'application/json', cookie: flow },
        body: JSON.stringify({ checkId: created.checkId }),
      });
      expect(response.status).toBe(200);
    });
    return { create, redirect, signIn };
  }

  it('a sign-up and then a sign-in run the expected statements', async () => {
    // The emulator's built-in device "phone" holds +447700900001.
    const first = await journey('+447700900001');
    const second = await journey('+447700900001');
    const counts = { create: second.create.length, redirect: second.redirect.length, signUp: first.signIn.length, signIn: second.signIn.length };
    expect(counts, JSON.stringify({ first, second }, null, 1)).toEqual(EXPECTED[dialect]);
    expect(first.create.length).toBe(second.create.length);
    expect(first.redirect.length).toBe(second.redirect.length);
  });
});
