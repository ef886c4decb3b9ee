// Sends tru.ID's signed callbacks. A check created with a `callback_url` gets exactly one delivery when it
// reaches an end state (COMPLETED, EXPIRED, ERROR: ProjectCommon.v1.yaml PhoneCheckCallbackUrl), posted
// to that URL and retried on anything but a 200 (Responses.v1.yaml WebHookExpectedResponse: "start at 10
// seconds and increase by 10 seconds until the retry time is one minute").
//
// Time is the emulator's clock: a retry is due at clock time, so a test advancing the clock (admin
// `clock/advance`) makes it due at once, while a real-time tick (index.ts) serves `npm start`. The same
// tick notices checks whose ttl passed with nobody asking, which is how a closed tab still gets EXPIRED.
import { randomUUID } from 'node:crypto';
import type { CheckRecord, CheckStatus, CheckStore } from '../checks.js';
import { patchedView } from '../representations.js';
import { applyProjectConfiguration, projectConfigurationView, type ProjectCallbackUrls } from './project-configuration.js';
import { signCallback, type CallbackProduct } from './signed-request.js';
import type { CallbackSigningKey } from './signing-key.js';

/** Seconds before each retry; after the last one fails the delivery is given up (7 attempts in all). */
export const RETRY_DELAYS_SECONDS = [10, 20, 30, 40, 50, 60] as const;
const END_STATES: ReadonlySet<CheckStatus> = new Set(['COMPLETED', 'EXPIRED', 'ERROR']);
const ATTEMPT_TIMEOUT_MS = 10_000;

export type DeliveryState = 'pending' | 'sending' | 'delivered' | 'gave_up';

/** One callback as the admin API lists it (`GET /_emulator/callbacks`). */
export interface CallbackDeliveryView {
  id: string;
  check_id: string;
  product: CheckRecord['product'];
  url: string;
  /** The check's end state the callback reports. */
  state: CheckStatus;
  delivery: DeliveryState;
  attempts: number;
  /** The HTTP status of the last attempt; null before one or when it failed without an answer. */
  last_status: number | null;
  /** Why the last attempt failed without an HTTP answer (refused, timed out, …). */
  last_error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  created_at: string;
}

interface Delivery {
  readonly id: string;
  readonly check: CheckRecord;
  readonly url: string;
  readonly createdAt: number;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
}

export interface CallbackDispatcher {
  readonly key: CallbackSigningKey;
  /** The check store, watched: a check with a callback_url that reaches an end state gets its delivery. */
  observe(store: CheckStore): CheckStore;
  /** Expires checks whose ttl passed, then sends every delivery that is due by the emulator's clock. */
  pump(): void;
  list(): CallbackDeliveryView[];
  /** The callback URL for a new check: its own, else the project's for its product (project-configuration.ts). */
  callbackUrlFor(product: CallbackProduct, given: string | undefined): string | undefined;
  projectConfiguration(): Record<string, { callback_url: string }>;
  setProjectConfiguration(input: unknown): Record<string, { callback_url: string }>;
  /** Resolves once no attempt is in flight (a test aid: await it after an action that ends a check). */
  settled(): Promise<void>;
  clear(): void;
  /** Aborts attempts in flight and sends nothing more (the emulator is closing). */
  stop(): void;
}

export function createCallbackDispatcher(opts: { key: CallbackSigningKey; now: () => number; fetch?: typeof fetch }): CallbackDispatcher {
  const send = opts.fetch ?? fetch;
  const deliveries: Delivery[] = [];
  /** Checks with a callback_url not yet ended, so the tick can expire them. */
  const watched = new Set<string>();
  const announced = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();
  let observed: CheckStore | undefined;
  let pumpQueued: NodeJS.Immediate | undefined;
  let projectUrls: ProjectCallbackUrls = {};

  const queuePump = (): void => {
    if (pumpQueued || stopping.signal.aborted) return;
    pumpQueued = setImmediate(() => {
      pumpQueued = undefined;
      dispatcher.pump();
    });
  };

  const track = (check: CheckRecord): void => {
    if (check.callback_url === undefined || announced.has(check.check_id)) return;
    if (!END_STATES.has(check.status)) {
      watched.add(check.check_id);
      return;
    }
    watched.delete(check.check_id);
    announced.add(check.check_id);
    const now = opts.now();
    deliveries.push({
      id: randomUUID(),
      check,
      url: check.callback_url,
      createdAt: now,
      state: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: null,
      lastAttemptAt: null,
      nextAttemptAt: now,
    });
    queuePump();
  };

  const attempt = async (delivery: Delivery): Promise<void> => {
    delivery.state = 'sending';
    delivery.attempts += 1;
    const at = opts.now();
    delivery.lastAttemptAt = at;
    delivery.nextAttemptAt = null;
    // Signed afresh for every attempt: a retry carries its own Date, so it stays inside the receiver's clock-skew bound.
    const signed = signCallback(opts.key, delivery.url, delivery.check.product, patchedView(delivery.check), at);
    let ok = false;
    try {
      const response = await send(delivery.url, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
        redirect: 'manual',
        signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.lastStatus = response.status;
      delivery.lastError = null;
      ok = response.status === 200;
    } catch (error) {
      delivery.lastStatus = null;
      delivery.lastError = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    if (ok) {
      delivery.state = 'delivered';
      return;
    }
    const delay = RETRY_DELAYS_SECONDS[delivery.attempts - 1];
    if (delay === undefined || stopping.signal.aborted) {
      delivery.state = 'gave_up';
      return;
    }
    delivery.state = 'pending';
    delivery.nextAttemptAt = opts.now() + delay * 1000;
  };

  const dispatcher: CallbackDispatcher = {
    key: opts.key,
    observe(store) {
      const wrapped: CheckStore = {
        ...store,
        get(id) {
          const check = store.get(id);
          if (check) track(check);
          return check;
        },
        put(check) {
          const stored = store.put(check);
          track(stored);
          return stored;
        },
        clear() {
          store.clear();
        },
      };
      observed = wrapped;
      return wrapped;
    },
    pump() {
      if (stopping.signal.aborted) return;
      // Reading a watched check applies its expiry (checks.ts), which track() then sees.
      for (const id of [...watched]) observed?.get(id);
      const now = opts.now();
      for (const delivery of deliveries) {
        if (delivery.state !== 'pending' || delivery.nextAttemptAt === null || delivery.nextAttemptAt > now) continue;
        const running = attempt(delivery).finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
    },
    list() {
      const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
      return deliveries.map((d) => ({
        id: d.id,
        check_id: d.check.check_id,
        product: d.check.product,
        url: d.url,
        state: d.check.status,
        delivery: d.state,
        attempts: d.attempts,
        last_status: d.lastStatus,
        last_error: d.lastError,
        last_attempt_at: iso(d.lastAttemptAt),
        next_attempt_at: iso(d.nextAttemptAt),
        created_at: new Date(d.createdAt).toISOString(),
      }));
    },
    callbackUrlFor: (product, given) => given ?? projectUrls[product],
    projectConfiguration: () => projectConfigurationView(projectUrls),
    setProjectConfiguration(input) {
      projectUrls = applyProjectConfiguration(projectUrls, input);
      return projectConfigurationView(projectUrls);
    },
    async settled() {
      while (inFlight.size > 0 || pumpQueued) {
        if (inFlight.size > 0) await Promise.all([...inFlight]);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    },
    clear() {
      deliveries.length = 0;
      projectUrls = {};
      watched.clear();
      announced.clear();
    },
    stop() {
      stopping.abort();
      if (pumpQueued) clearImmediate(pumpQueued);
      pumpQueued = undefined;
    },
  };
  return dispatcher;
}
