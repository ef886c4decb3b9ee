// The emulator's state and the operations on it. The HTTP admin API (admin-routes.ts) and in-process
// callers (RunningEmulator.control) use the same EmulatorControl, so both validate the same way.
import { createCallbackDispatcher, type CallbackDeliveryView, type CallbackDispatcher } from './callbacks/dispatcher.js';
import type { CallbackSigningKey } from './callbacks/signing-key.js';
import { applyExpiry, createCheckStore, type CheckStore } from './checks.js';
import type { ProjectCredentials } from './credentials.js';
import { createFaultStore, parseFault, type Fault, type FaultStore, type FaultSpec } from './faults.js';
import { InputError } from './input-error.js';
import {
  findDevice,
  findOperator,
  networkConsistencyIssues,
  normaliseIp,
  parseDevice,
  parseNetwork,
  parseOperator,
  type Device,
  type NetworkDefinition,
  type Operator,
} from './network.js';
import { isIP } from 'node:net';
import { inspectionView } from './representations.js';
import type { SimCheckRecord } from './sim-checks.js';
import { createStats, type EmulatorStats, type StatsCounter } from './stats.js';
import { createTokenStore, type TokenStore } from './tokens.js';

export interface EmulatorControl {
  getNetwork(): NetworkDefinition;
  setNetwork(network: NetworkDefinition): NetworkDefinition;
  setActiveDevice(deviceId: string): NetworkDefinition;
  putDevice(id: string, device: Omit<Device, 'id'> & { id?: string }): Device;
  patchDevice(id: string, changes: Partial<Device>): Device;
  deleteDevice(id: string): void;
  /** Sets the device's sim_changed_at to `minutesAgo` before the emulator's now (null: never changed). */
  setSimChangedAgo(id: string, minutesAgo: number | null): Device;
  putOperator(networkId: string, operator: Omit<Operator, 'network_id'> & { network_id?: string }): Operator;
  patchOperator(networkId: string, changes: Partial<Operator>): Operator;
  putAttachment(ip: string, deviceId: string): NetworkDefinition;
  deleteAttachment(ip: string): NetworkDefinition;
  /** Test aid: the check with its device and issued code; undefined when unknown. */
  inspectCheck(checkId: string): Record<string, unknown> | undefined;
  advanceClock(seconds: number): { now: string };
  now(): number;
  revokeTokens(): void;
  stats(): EmulatorStats;
  /** The signed callbacks sent or due (callbacks/dispatcher.ts), oldest first. */
  listCallbacks(): CallbackDeliveryView[];
  /** Resolves once no callback attempt is in flight (a test aid). */
  callbacksSettled(): Promise<void>;
  /** The project's callback URLs, for checks created without one (callbacks/project-configuration.ts). */
  getProjectConfiguration(): Record<string, { callback_url: string }>;
  setProjectConfiguration(input: unknown): Record<string, { callback_url: string }>;
  addFault(fault: FaultSpec): Fault;
  listFaults(): Fault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  reset(): void;
}

export interface EmulatorState {
  now(): number;
  network(): NetworkDefinition;
  checks: CheckStore;
  /** Signs and sends check callbacks; its key is the one /.well-known/jwks.json publishes. */
  callbacks: CallbackDispatcher;
  simChecks: Map<string, SimCheckRecord>;
  tokens: TokenStore;
  faults: FaultStore;
  stats: StatsCounter;
  credentials: ProjectCredentials;
  checkTtlSeconds: number;
  /** The workspace balance after charging one check (CreateResponse `snapshot_balance`). */
  charge(): number;
}

const STARTING_BALANCE = 1000;
const clone = <T>(value: T): T => structuredClone(value);

export function createEmulatorCore(opts: {
  network: NetworkDefinition;
  credentials: ProjectCredentials;
  clock: () => number;
  tokenTtlSeconds: number;
  checkTtlSeconds: number;
  callbackKey: CallbackSigningKey;
}): { state: EmulatorState; control: EmulatorControl } {
  const startNetwork = parseNetwork(clone(opts.network));
  let network = clone(startNetwork);
  let offsetMs = 0;
  let balance = STARTING_BALANCE;
  const now = (): number => opts.clock() + offsetMs;
  const callbacks = createCallbackDispatcher({ key: opts.callbackKey, now });
  const checks = callbacks.observe(createCheckStore(now));
  const simChecks = new Map<string, SimCheckRecord>();
  const tokens = createTokenStore({ now, ttlSeconds: opts.tokenTtlSeconds });
  const faults = createFaultStore();
  const stats = createStats();

  /** Applies a change to a copy and keeps it only if the whole network still holds together. */
  const commit = (next: NetworkDefinition): NetworkDefinition => {
    const issues = networkConsistencyIssues(next);
    if (issues.length > 0) throw new InputError(issues);
    network = next;
    return clone(network);
  };

  const state: EmulatorState = {
    now,
    network: () => network,
    checks,
    callbacks,
    simChecks,
    tokens,
    faults,
    stats,
    credentials: opts.credentials,
    checkTtlSeconds: opts.checkTtlSeconds,
    charge() {
      balance -= 1;
      return balance;
    },
  };

  const control: EmulatorControl = {
    getNetwork: () => clone(network),
    setNetwork: (input) => {
      network = parseNetwork(clone(input));
      return clone(network);
    },
    setActiveDevice(deviceId) {
      if (typeof deviceId !== 'string' || !findDevice(network, deviceId)) throw new InputError([`device_id "${String(deviceId)}" is not a known device`]);
      return commit({ ...clone(network), active_device: deviceId });
    },
    putDevice(id, input) {
      if (typeof input === 'object' && input !== null && 'id' in input && input.id !== undefined && input.id !== id) {
        throw new InputError([`body id "${String(input.id)}" differs from the path's "${id}"`]);
      }
      const device = parseDevice({ ...input, id });
      const next = clone(network);
      const index = next.devices.findIndex((d) => d.id === id);
      if (index >= 0) next.devices[index] = device;
      else next.devices.push(device);
      commit(next);
      return clone(device);
    },
    patchDevice(id, changes) {
      const existing = findDevice(network, id);
      if (!existing) throw new InputError([`device "${id}" does not exist`]);
      if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) throw new InputError(['body must be an object']);
      if (changes.id !== undefined && changes.id !== id) throw new InputError(['id cannot be changed; DELETE and PUT instead']);
      return control.putDevice(id, { ...existing, ...changes });
    },
    setSimChangedAgo(id, minutesAgo) {
      if (minutesAgo !== null && (typeof minutesAgo !== 'number' || !Number.isFinite(minutesAgo) || minutesAgo < 0)) {
        throw new InputError(['minutes_ago must be a non-negative number or null']);
      }
      // Relative to the emulator's clock (which tests may advance), not the caller's.
      const simChangedAt = minutesAgo === null ? null : new Date(now() - minutesAgo * 60_000).toISOString();
      return control.patchDevice(id, { sim_changed_at: simChangedAt });
    },
    deleteDevice(id) {
      if (!findDevice(network, id)) throw new InputError([`device "${id}" does not exist`]);
      if (network.active_device === id) throw new InputError([`device "${id}" is the active device; make another active first`]);
      const next = clone(network);
      next.devices = next.devices.filter((d) => d.id !== id);
      next.attachments = Object.fromEntries(Object.entries(next.attachments).filter(([, deviceId]) => deviceId !== id));
      commit(next);
    },
    putOperator(networkId, input) {
      if (typeof input === 'object' && input !== null && 'network_id' in input && input.network_id !== undefined && input.network_id !== networkId) {
        throw new InputError([`body network_id "${String(input.network_id)}" differs from the path's "${networkId}"`]);
      }
      const operator = parseOperator({ ...input, network_id: networkId });
      const next = clone(network);
      const index = next.operators.findIndex((o) => o.network_id === networkId);
      if (index >= 0) next.operators[index] = operator;
      else next.operators.push(operator);
      commit(next);
      return clone(operator);
    },
    patchOperator(networkId, changes) {
      const existing = findOperator(network, networkId);
      if (!existing) throw new InputError([`operator ${networkId} does not exist`]);
      if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) throw new InputError(['body must be an object']);
      if (changes.network_id !== undefined && changes.network_id !== networkId) throw new InputError(['network_id cannot be changed']);
      return control.putOperator(networkId, { ...existing, ...changes });
    },
    putAttachment(ip, deviceId) {
      if (isIP(ip) === 0) throw new InputError([`"${ip}" is not an IP address`]);
      if (typeof deviceId !== 'string' || !findDevice(network, deviceId)) throw new InputError([`device_id "${String(deviceId)}" is not a known device`]);
      const next = clone(network);
      next.attachments[normaliseIp(ip)] = deviceId;
      return commit(next);
    },
    deleteAttachment(ip) {
      const key = normaliseIp(ip);
      if (network.attachments[key] === undefined) throw new InputError([`no attachment for ${ip}`]);
      const next = clone(network);
      delete next.attachments[key];
      return commit(next);
    },
    inspectCheck(checkId) {
      const check = checks.get(checkId);
      if (check) return inspectionView(applyExpiry(check, now()));
      const sim = simChecks.get(checkId);
      return sim ? { ...sim, created_at: new Date(sim.created_at).toISOString(), product: 'sim_check' } : undefined;
    },
    advanceClock(seconds) {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new InputError(['seconds must be a non-negative number']);
      offsetMs += seconds * 1000;
      // Checks that expired meanwhile and retries now due go out at once, not at the next tick.
      callbacks.pump();
      return { now: new Date(now()).toISOString() };
    },
    now,
    revokeTokens: () => tokens.revokeAll(),
    stats: () => stats.snapshot(),
    listCallbacks: () => callbacks.list(),
    callbacksSettled: () => callbacks.settled(),
    getProjectConfiguration: () => callbacks.projectConfiguration(),
    setProjectConfiguration: (input) => callbacks.setProjectConfiguration(input),
    addFault: (spec) => faults.add(parseFault(spec)),
    listFaults: () => faults.list(),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    reset() {
      network = clone(startNetwork);
      offsetMs = 0;
      balance = STARTING_BALANCE;
      checks.clear();
      callbacks.clear();
      simChecks.clear();
      // Tokens survive a reset: a server holding a cached token keeps working across test cases.
      faults.clear();
      stats.reset();
    },
  };
  return { state, control };
}
