// The whole verification journey as a person's browser and phone make it, driven by N virtual users
// (each one loop: one journey after another) for a fixed time. undici's Agent keeps connections alive per
// origin, as a browser does. Every request's time is recorded under its step's name.
import { Agent, request } from 'undici';

/** A person: the simulated phone (an emulator device) and the number its SIM holds. */
export interface BenchUser {
  device: string;
  phoneNumber: string;
}

/**
 * Virtual user i is a person of their own, with a phone of their own: many people signing in to one
 * account at the same instant is not a load anyone sees (and PostgreSQL rightly answers some of them with
 * a conflict). The emulator learns these phones from addBenchDevices.
 */
export function benchUser(i: number): BenchUser {
  return { device: `bench-${i}`, phoneNumber: `+447700900${String(100 + i).padStart(3, '0')}` };
}

export const MAX_BENCH_USERS = 900;

/** Puts each bench user's phone on the emulator's network, on mobile data with an unchanged SIM. */
export async function addBenchDevices(emulatorUrl: string, count: number): Promise<void> {
  if (count > MAX_BENCH_USERS) throw new Error(`at most ${MAX_BENCH_USERS} virtual users`);
  for (let i = 0; i < count; i++) {
    const { device, phoneNumber } = benchUser(i);
    const response = await request(`${emulatorUrl}/_emulator/devices/${device}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: device, label: `bench user ${i}`, connection: 'mobile', network_id: '23410', phone_number: phoneNumber.slice(1), sim_changed_at: null }),
    });
    await expectStatus(response, 200, `adding emulator device ${device}`);
    await response.body.dump();
  }
}

export type ServerKind = 'simpass' | 'reference';

export interface JourneyRun {
  /** Journeys completed with the expected answers. */
  checks: number;
  failures: number;
  firstFailure?: string;
  seconds: number;
  /** Milliseconds per request, by step. */
  steps: Record<string, number[]>;
}

interface Step {
  (name: string, run: () => Promise<void>): Promise<void>;
}

type Journey = (dispatcher: Agent, appUrl: string, user: BenchUser, step: Step) => Promise<void>;

async function expectStatus(response: Awaited<ReturnType<typeof request>>, status: number, what: string): Promise<void> {
  if (response.statusCode !== status) {
    const body = await response.body.text();
    throw new Error(`${what} answered ${response.statusCode}, expected ${status}: ${body.slice(0, 300)}`);
  }
}

function cookieOf(response: Awaited<ReturnType<typeof request>>): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no cookie set');
  return first.split(';')[0]!;
}

/** The device opens check_url; the network (here the emulator) redirects it. Returns the Location. */
async function openCheckUrl(dispatcher: Agent, checkUrl: string, user: BenchUser): Promise<string> {
  const response = await request(checkUrl, { dispatcher, headers: { 'x-emulator-device': user.device } });
  await expectStatus(response, 302, 'check_url');
  await response.body.dump();
  const location = response.headers.location;
  if (typeof location !== 'string') throw new Error('check_url gave no Location');
  return location;
}

/** Simpass: create → check_url → redirect back (the check is completed) → sign-in (a session). */
export const simpassJourney: Journey = async (dispatcher, appUrl, user, step) => {
  let created!: { checkId: string; checkUrl: string };
  let flow!: string;
  await step('create', async () => {
    const response = await request(`${appUrl}/api/phone-check`, {
      dispatcher,
      method: 'POST',
      headers: { origin: appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: user.phoneNumber }),
    });
    await expectStatus(response, 201, 'create');
    flow = cookieOf(response);
    created = ((await response.body.json()) as { data: { checkId: string; checkUrl: string } }).data;
  });
  let back!: string;
  await step('check_url', async () => {
    back = await openCheckUrl(dispatcher, created.checkUrl, user);
  });
  await step('redirect back', async () => {
    const response = await request(back, { dispatcher, headers: { cookie: flow, 'sec-fetch-mode': 'navigate', accept: 'text/html' } });
    await expectStatus(response, 303, 'redirect back');
    await response.body.dump();
  });
  await step('result', async () => {
    const response = await request(`${appUrl}/api/sign-in`, {
      dispatcher,
      method: 'POST',
      headers: { origin: appUrl, cookie: flow, 'content-type': 'application/json' },
      body: JSON.stringify({ checkId: created.checkId }),
    });
    await expectStatus(response, 200, 'sign-in');
    await response.body.dump();
  });
};

/** The tutorial: create → check_url (and the operator's hop) → the page reads the result. */
export const referenceJourney: Journey = async (dispatcher, appUrl, user, step) => {
  let created!: { checkId: string; checkUrl: string };
  await step('create', async () => {
    const response = await request(`${appUrl}/api/phone-check`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: user.phoneNumber }),
    });
    await expectStatus(response, 201, 'create');
    created = ((await response.body.json()) as { data: { checkId: string; checkUrl: string } }).data;
  });
  await step('check_url', async () => {
    const hop = await openCheckUrl(dispatcher, created.checkUrl, user);
    const response = await request(new URL(hop, created.checkUrl), { dispatcher, headers: { 'x-emulator-device': user.device } });
    await expectStatus(response, 200, 'operator hop');
    await response.body.dump();
  });
  await step('result', async () => {
    const response = await request(`${appUrl}/api/phone-check/${encodeURIComponent(created.checkId)}`, { dispatcher });
    await expectStatus(response, 200, 'result');
    const { data } = (await response.body.json()) as { data: { match?: unknown } };
    if (data.match !== true) throw new Error(`result: match is ${String(data.match)}`);
  });
};

export const JOURNEYS: Record<ServerKind, Journey> = { simpass: simpassJourney, reference: referenceJourney };

/** `vus` virtual users each run journeys back to back until `durationMs` has passed. */
export async function runJourneys(kind: ServerKind, appUrl: string, vus: number, durationMs: number): Promise<JourneyRun> {
  const dispatcher = new Agent({ connections: vus, pipelining: 1 });
  const journey = JOURNEYS[kind];
  const run: JourneyRun = { checks: 0, failures: 0, seconds: 0, steps: {} };
  const started = performance.now();
  const deadline = started + durationMs;
  const step: Step = async (name, body) => {
    const t0 = performance.now();
    await body();
    (run.steps[name] ??= []).push(performance.now() - t0);
  };
  const virtualUser = async (i: number) => {
    const user = benchUser(i);
    while (performance.now() < deadline) {
      try {
        await journey(dispatcher, appUrl, user, step);
        run.checks += 1;
      } catch (error) {
        run.failures += 1;
        run.firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: vus }, (_, i) => virtualUser(i)));
    run.seconds = (performance.now() - started) / 1000;
  } finally {
    await dispatcher.close();
  }
  return run;
}
