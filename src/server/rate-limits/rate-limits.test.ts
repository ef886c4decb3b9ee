// Every limit over real HTTP, against the real server, tru.ID client and emulator, with the counters
// in process and in Redis. Client addresses come from X-Forwarded-For with TRUST_PROXY on, as behind
// a proxy; the limits' own windows (an hour, ten minutes) are far longer than any test, so nothing
// here depends on timing. The day of the spend cap follows the server's clock, which the test moves.
import { describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { describeOnEachCounterStore } from './test-counter-stores.js';

/** Creating a check, of whichever product SIM_SWAP_CHECK makes Simpass create: what tru.ID bills. */
const BILLED_CREATE = /^POST \/(phone|subscriber)_check\/v0\.2\/checks$/;

type Problem = { type: string; title: string; status: number; detail: string; request_id: string };

function create(stack: Stack, phoneNumber: string, ip?: string): Promise<Response> {
  const headers: Record<string, string> = { origin: stack.appUrl, 'content-type': 'application/json' };
  if (ip) headers['x-forwarded-for'] = ip;
  return fetch(`${stack.appUrl}/api/phone-check`, { method: 'POST', headers, body: JSON.stringify({ phone_number: phoneNumber }) });
}

function signIn(stack: Stack, ip: string): Promise<Response> {
  return fetch(`${stack.appUrl}/api/sign-in`, {
    method: 'POST',
    headers: { origin: stack.appUrl, 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ checkId: 'no-such-check' }),
  });
}

async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  const answers = [];
  // One after another: each answer depends on the count the ones before left.
  for (const response of responses) answers.push((await response).status);
  return answers;
}

/** A 429 problem, its Retry-After in seconds, checked for shape on the way. */
async function refusal(response: Response, maxSeconds: number): Promise<{ problem: Problem; retryAfter: number }> {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  const problem = (await response.json()) as Problem;
  expect(problem.status).toBe(429);
  expect(problem.request_id).toBe(response.headers.get('x-request-id'));
  expect(problem.detail).toMatch(/Try again in (less than a minute|about (a|\d+) minutes?|about (an|\d+) hours?)\.$/);
  return { problem, retryAfter };
}

function emulatorChecks(stack: Stack): number {
  const stats = stack.emulator.control.stats();
  return Object.entries(stats.requests)
    .filter(([route]) => BILLED_CREATE.test(route))
    .reduce((sum, [, n]) => sum + n, 0);
}

describeOnEachCounterStore('rate limits', (t) => {
  async function withStack(env: Record<string, string>, run: (stack: Stack) => Promise<void>): Promise<void> {
    const stack = await startStack({ env: { TRUST_PROXY: 'true', ...t.env(), ...env } });
    try {
      await run(stack);
    } finally {
      await stack.close();
    }
  }

  describe('creating checks, per client address', () => {
    it('refuses the request after the limit with a 429 saying when to try again, and bills no check for it', () =>
      withStack({ RATE_LIMIT_CHECKS_PER_IP: '3/1h' }, async (stack) => {
        const ip = '203.0.113.7';
        expect(await statuses([1, 2, 3].map((n) => create(stack, `+44770090000${n}`, ip)))).toEqual([201, 201, 201]);
        const before = emulatorChecks(stack);
        expect(before).toBe(3); // the count sees what was billed, so "unchanged" below means something
        const { problem } = await refusal(await create(stack, '+447700900004', ip), 3600);
        expect(problem.type).toBe('/problems/too-many-checks-from-address');
        expect(problem.detail).toMatch(/^Too many verifications were started from your network\. Try again in about/);
        expect(emulatorChecks(stack)).toBe(before);
        // Someone else is not affected.
        expect((await create(stack, '+447700900004', '203.0.113.8')).status).toBe(201);
      }));

    it('counts a whole IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 address', () =>
      withStack({ RATE_LIMIT_CHECKS_PER_IP: '2/1h' }, async (stack) => {
        expect(await statuses([create(stack, '+447700900001', '2001:db8:1:2::1'), create(stack, '+447700900002', '2001:db8:1:2::2')])).toEqual([
          201, 201,
        ]);
        const { problem } = await refusal(await create(stack, '+447700900003', '2001:db8:1:2:ffff:ffff:ffff:ffff'), 3600);
        expect(problem.type).toBe('/problems/too-many-checks-from-address');
        expect((await create(stack, '+447700900003', '2001:db8:1:3::1')).status).toBe(201);

        expect(await statuses([create(stack, '+447700900004', '198.51.100.1'), create(stack, '+447700900005', '::ffff:198.51.100.1')])).toEqual([
          201, 201,
        ]);
        await refusal(await create(stack, '+447700900006', '198.51.100.1'), 3600);
      }));

    it('without TRUST_PROXY, a forged X-Forwarded-For does not make a new client', async () => {
      const stack = await startStack({ env: { ...t.env(), TRUST_PROXY: 'false', RATE_LIMIT_CHECKS_PER_IP: '2/1h' } });
      try {
        expect(await statuses([create(stack, '+447700900001', '203.0.113.1'), create(stack, '+447700900002', '203.0.113.2')])).toEqual([201, 201]);
        await refusal(await create(stack, '+447700900003', '203.0.113.3'), 3600);
      } finally {
        await stack.close();
      }
    });
  });

  describe('creating checks, per phone number', () => {
    it('refuses a number after the limit, however it is written and from wherever it comes', () =>
      withStack({ RATE_LIMIT_CHECKS_PER_NUMBER: '2/1h' }, async (stack) => {
        expect(await statuses([create(stack, '+447700900001', '203.0.113.1'), create(stack, '07700 900001', '203.0.113.2')])).toEqual([201, 201]);
        const { problem } = await refusal(await create(stack, '+44 7700 900001', '203.0.113.3'), 3600);
        expect(problem.type).toBe('/problems/too-many-checks-for-number');
        expect(problem.detail).toMatch(/^Too many verifications were started for this phone number\. /);
        expect((await create(stack, '+447700900002', '203.0.113.3')).status).toBe(201);
      }));

    it("a client already refused for its address does not use up the victim number's allowance", () =>
      withStack({ RATE_LIMIT_CHECKS_PER_IP: '1/1h', RATE_LIMIT_CHECKS_PER_NUMBER: '2/1h' }, async (stack) => {
        const victim = '+447700900009';
        expect((await create(stack, victim, '203.0.113.66')).status).toBe(201);
        for (let i = 0; i < 5; i++) {
          const { problem } = await refusal(await create(stack, victim, '203.0.113.66'), 3600);
          expect(problem.type).toBe('/problems/too-many-checks-from-address');
        }
        // The victim still has the second of their two.
        expect((await create(stack, victim, '198.51.100.9')).status).toBe(201);
      }));
  });

  describe('the daily spend cap', () => {
    it('stops creating checks for the rest of the UTC day once the budget is spent, and starts again the next day', () =>
      withStack({ SPEND_CAP_CHECKS_PER_DAY: '3' }, async (stack) => {
        // The server's clock to 23:00 UTC today, so "the rest of the day" is an hour at most.
        const now = new Date();
        stack.advanceClock(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23) - now.getTime());
        const numbers = ['+447700900001', '+447700900002', '+447700900003'];
        expect(await statuses(numbers.map((number, i) => create(stack, number, `203.0.113.${i}`)))).toEqual([201, 201, 201]);
        const { problem, retryAfter } = await refusal(await create(stack, '+447700900004', '198.51.100.4'), 3600);
        expect(problem.type).toBe('/problems/daily-check-budget-spent');
        expect(problem.detail).toMatch(/^Simpass has made all the verifications it can make today\. Try again in about/);

        stack.advanceClock(retryAfter * 1000);
        expect((await create(stack, '+447700900004', '198.51.100.4')).status).toBe(201);
      }));

    it('does not spend the budget on input it refuses, nor on requests another limit refused', () =>
      withStack({ SPEND_CAP_CHECKS_PER_DAY: '2', RATE_LIMIT_CHECKS_PER_NUMBER: '1/1h' }, async (stack) => {
        for (const invalid of ['abc', '123', '', '+44 7700 9000011111111']) {
          expect((await create(stack, invalid, '203.0.113.1')).status).toBe(400);
        }
        expect((await create(stack, '+447700900001', '203.0.113.1')).status).toBe(201);
        await refusal(await create(stack, '+447700900001', '203.0.113.2'), 3600);
        await refusal(await create(stack, '+447700900001', '203.0.113.3'), 3600);
        expect((await create(stack, '+447700900002', '203.0.113.4')).status).toBe(201);
        const { problem } = await refusal(await create(stack, '+447700900003', '203.0.113.5'), 86_400);
        expect(problem.type).toBe('/problems/daily-check-budget-spent');
      }));
  });

  describe('sign-in attempts, per client address', () => {
    it('refuses attempts after the limit, whatever they were, and only from that address', () =>
      withStack({ RATE_LIMIT_SIGN_INS_PER_IP: '2/10m' }, async (stack) => {
        expect(await statuses([signIn(stack, '203.0.113.5'), signIn(stack, '203.0.113.5')])).toEqual([404, 404]);
        const { problem } = await refusal(await signIn(stack, '203.0.113.5'), 600);
        expect(problem.type).toBe('/problems/too-many-sign-in-attempts');
        expect(problem.detail).toMatch(/^Too many sign-in attempts from your network\. Try again in about/);
        expect((await signIn(stack, '203.0.113.6')).status).toBe(404);
      }));
  });
});
