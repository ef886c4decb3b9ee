// The simulated mobile network: operators, devices (a SIM in a handset or a WiFi laptop), which device
// is "in the user's hand", and which source IPs belong to which device. Shapes from docs/architecture.md.
import { isIP } from 'node:net';
import { InputError } from './input-error.js';

/** PhoneCheckErrorCode (models/phone_check/PhoneCheckDefaultResourceModels.yaml). */
export const PHONE_CHECK_ERROR_CODES = [
  'not_mobile_ip',
  'mno_not_supported',
  'mno_timeout',
  'mno_user_not_found',
  'mno_response_error',
  'mno_server_error',
  'mno_no_data_available',
  'ip_mismatch',
  'ip_msisdn_mismatch',
] as const;
export type PhoneCheckErrorCode = (typeof PHONE_CHECK_ERROR_CODES)[number];

/** The codes an operator can be told to fail with (`mno_error`): the MNO-side ones. */
export const MNO_ERROR_CODES = [
  'mno_timeout',
  'mno_user_not_found',
  'mno_response_error',
  'mno_server_error',
  'mno_no_data_available',
] as const satisfies readonly PhoneCheckErrorCode[];
export type MnoErrorCode = (typeof MNO_ERROR_CODES)[number];

export interface Operator {
  network_id: string;
  name: string;
  country_code: string;
  supported: boolean;
  /** false → check_url answers 501 MobileNetworkOperatorRedirectNotSupported. */
  redirect_supported?: boolean;
  /** Forces that MNO error on every check the operator's devices open. */
  mno_error?: PhoneCheckErrorCode | null;
  /**
   * false: the operator verifies numbers but shares no SIM-change data ("The MNO is not allowed to share
   * this information", SubscriberCheckErrorCode/SimCheckErrorCode `mno_no_data_available`): a
   * SubscriberCheck completes without `no_sim_change` / `sim_change_within`, a SIMCheck ends ERROR
   * `mno_no_data_available`. Default true.
   */
  sim_change_data?: boolean;
}

export interface Device {
  id: string;
  label: string;
  connection: 'mobile' | 'wifi';
  network_id: string;
  /** E.164 digits, no '+'. */
  phone_number: string;
  /** ISO 8601, or null when the SIM was never changed. */
  sim_changed_at: string | null;
}

export interface NetworkDefinition {
  operators: Operator[];
  devices: Device[];
  active_device: string;
  attachments: Record<string, string>;
}

/** The built-in network (docs/architecture.md, "Built-in default network"). */
export function defaultNetwork(now: number = Date.now()): NetworkDefinition {
  const dayAgo = new Date(now - 24 * 60 * 60 * 1000).toISOString();
  return {
    operators: [
      { network_id: '23410', name: 'O2 UK', country_code: 'GB', supported: true, redirect_supported: true, mno_error: null },
      { network_id: '23415', name: 'Vodafone UK', country_code: 'GB', supported: true, redirect_supported: true, mno_error: null },
      { network_id: '23420', name: 'Three UK', country_code: 'GB', supported: false, redirect_supported: true, mno_error: null },
      // Fictional: an operator tru.ID covers for PhoneCheck that shares no SIM-change data.
      { network_id: '23499', name: 'Example Mobile (no SIM data)', country_code: 'GB', supported: true, redirect_supported: true, mno_error: null, sim_change_data: false },
    ],
    devices: [
      { id: 'phone', label: 'Phone on O2 (SIM unchanged)', connection: 'mobile', network_id: '23410', phone_number: '447700900001', sim_changed_at: null },
      { id: 'other-sim', label: 'Another phone on Vodafone', connection: 'mobile', network_id: '23415', phone_number: '447700900002', sim_changed_at: null },
      { id: 'wifi', label: 'Phone on WiFi', connection: 'wifi', network_id: '23410', phone_number: '447700900003', sim_changed_at: null },
      { id: 'unsupported', label: 'Phone on Three (not covered)', connection: 'mobile', network_id: '23420', phone_number: '447700900004', sim_changed_at: null },
      { id: 'swapped-sim', label: 'Phone on O2, SIM changed a day ago', connection: 'mobile', network_id: '23410', phone_number: '447700900005', sim_changed_at: dayAgo },
      { id: 'no-sim-data', label: 'Phone without SIM-change data', connection: 'mobile', network_id: '23499', phone_number: '447700900006', sim_changed_at: null },
    ],
    active_device: 'phone',
    attachments: {},
  };
}

/** E.164 without '+': a leading 1-9 and 7 to 15 digits in all (ITU-T E.164 allows at most 15). */
const E164_DIGITS = /^[1-9]\d{6,14}$/;

/** Accepts `447700900001` or `+447700900001` (truid-api.md: "be liberal"); null when it isn't E.164. */
export function normalisePhoneNumber(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const digits = input.startsWith('+') ? input.slice(1) : input;
  return E164_DIGITS.test(digits) ? digits : null;
}

/** Node reports IPv4 peers on a dual-stack socket as `::ffff:a.b.c.d`; attachments are written plainly. */
export function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}


type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function checkKeys(o: Obj, allowed: readonly string[], where: string, issues: string[]): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) issues.push(`${where}: unknown field "${key}"`);
}

const OPERATOR_KEYS = ['network_id', 'name', 'country_code', 'supported', 'redirect_supported', 'mno_error', 'sim_change_data'] as const;
const DEVICE_KEYS = ['id', 'label', 'connection', 'network_id', 'phone_number', 'sim_changed_at'] as const;

export function parseOperator(input: unknown, where = 'operator'): Operator {
  const issues: string[] = [];
  if (!isObj(input)) throw new InputError([`${where} must be an object`]);
  checkKeys(input, OPERATOR_KEYS, where, issues);
  const { network_id, name, country_code, supported, redirect_supported, mno_error, sim_change_data } = input;
  if (typeof network_id !== 'string' || !/^\d{5,6}$/.test(network_id)) issues.push(`${where}.network_id must be an MCC+MNC string of 5 or 6 digits`);
  if (!nonEmpty(name)) issues.push(`${where}.name must be a non-empty string`);
  if (typeof country_code !== 'string' || !/^[A-Z]{2}$/.test(country_code)) issues.push(`${where}.country_code must be ISO 3166-1 alpha-2, e.g. "GB"`);
  if (typeof supported !== 'boolean') issues.push(`${where}.supported must be a boolean`);
  if (redirect_supported !== undefined && typeof redirect_supported !== 'boolean') issues.push(`${where}.redirect_supported must be a boolean`);
  if (sim_change_data !== undefined && typeof sim_change_data !== 'boolean') issues.push(`${where}.sim_change_data must be a boolean`);
  if (mno_error !== undefined && mno_error !== null && !(PHONE_CHECK_ERROR_CODES as readonly unknown[]).includes(mno_error)) {
    issues.push(`${where}.mno_error must be null or one of ${PHONE_CHECK_ERROR_CODES.join(', ')}`);
  }
  if (issues.length > 0) throw new InputError(issues);
  return {
    network_id: network_id as string,
    name: name as string,
    country_code: country_code as string,
    supported: supported as boolean,
    redirect_supported: (redirect_supported as boolean | undefined) ?? true,
    mno_error: (mno_error as PhoneCheckErrorCode | null | undefined) ?? null,
    sim_change_data: (sim_change_data as boolean | undefined) ?? true,
  };
}

export function parseDevice(input: unknown, where = 'device'): Device {
  const issues: string[] = [];
  if (!isObj(input)) throw new InputError([`${where} must be an object`]);
  checkKeys(input, DEVICE_KEYS, where, issues);
  const { id, label, connection, network_id, phone_number, sim_changed_at } = input;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) issues.push(`${where}.id must be 1-64 letters, digits, '.', '_' or '-'`);
  if (!nonEmpty(label)) issues.push(`${where}.label must be a non-empty string`);
  if (connection !== 'mobile' && connection !== 'wifi') issues.push(`${where}.connection must be "mobile" or "wifi"`);
  if (typeof network_id !== 'string' || !/^\d{5,6}$/.test(network_id)) issues.push(`${where}.network_id must be an MCC+MNC string of 5 or 6 digits`);
  const number = normalisePhoneNumber(phone_number);
  if (number === null) issues.push(`${where}.phone_number must be E.164 digits, e.g. "447700900001"`);
  if (sim_changed_at !== null && (typeof sim_changed_at !== 'string' || Number.isNaN(Date.parse(sim_changed_at)))) {
    issues.push(`${where}.sim_changed_at must be an ISO 8601 date-time or null`);
  }
  if (issues.length > 0) throw new InputError(issues);
  return {
    id: id as string,
    label: label as string,
    connection: connection as Device['connection'],
    network_id: network_id as string,
    phone_number: number as string,
    sim_changed_at: sim_changed_at as string | null,
  };
}

/** Validates a whole network, including the references between its parts. */
export function parseNetwork(input: unknown): NetworkDefinition {
  if (!isObj(input)) throw new InputError(['network must be an object']);
  const issues: string[] = [];
  checkKeys(input, ['operators', 'devices', 'active_device', 'attachments'], 'network', issues);
  const collect = <T>(list: unknown, name: string, parse: (v: unknown, where: string) => T): T[] => {
    if (!Array.isArray(list)) {
      issues.push(`network.${name} must be an array`);
      return [];
    }
    const out: T[] = [];
    list.forEach((item, i) => {
      try {
        out.push(parse(item, `network.${name}[${i}]`));
      } catch (error) {
        if (error instanceof InputError) issues.push(...error.issues);
        else throw error;
      }
    });
    return out;
  };
  const operators = collect(input.operators, 'operators', parseOperator);
  const devices = collect(input.devices, 'devices', parseDevice);
  const attachments: Record<string, string> = {};
  if (!isObj(input.attachments)) issues.push('network.attachments must be an object of ip → device id');
  else {
    for (const [ip, deviceId] of Object.entries(input.attachments)) {
      if (isIP(ip) === 0) issues.push(`network.attachments: "${ip}" is not an IP address`);
      if (typeof deviceId !== 'string') issues.push(`network.attachments["${ip}"] must be a device id`);
      else attachments[normaliseIp(ip)] = deviceId;
    }
  }
  const network: NetworkDefinition = {
    operators,
    devices,
    active_device: typeof input.active_device === 'string' ? input.active_device : '',
    attachments,
  };
  issues.push(...networkConsistencyIssues(network));
  if (issues.length > 0) throw new InputError([...new Set(issues)]);
  return network;
}

/** The rules that tie the parts together: unique ids, known operators, known devices. */
export function networkConsistencyIssues(network: NetworkDefinition): string[] {
  const issues: string[] = [];
  const operatorIds = new Set<string>();
  for (const op of network.operators) {
    if (operatorIds.has(op.network_id)) issues.push(`operator ${op.network_id} appears twice`);
    operatorIds.add(op.network_id);
  }
  const deviceIds = new Set<string>();
  const numbers = new Map<string, string>();
  for (const device of network.devices) {
    if (deviceIds.has(device.id)) issues.push(`device "${device.id}" appears twice`);
    deviceIds.add(device.id);
    if (!operatorIds.has(device.network_id)) issues.push(`device "${device.id}" is on unknown operator ${device.network_id}`);
    const holder = numbers.get(device.phone_number);
    if (holder !== undefined) issues.push(`devices "${holder}" and "${device.id}" share phone number ${device.phone_number}`);
    numbers.set(device.phone_number, device.id);
  }
  if (!deviceIds.has(network.active_device)) issues.push(`active_device "${network.active_device}" is not a known device`);
  for (const [ip, deviceId] of Object.entries(network.attachments)) {
    if (!deviceIds.has(deviceId)) issues.push(`attachment ${ip} points at unknown device "${deviceId}"`);
  }
  return issues;
}

export function findDevice(network: NetworkDefinition, id: string): Device | undefined {
  return network.devices.find((d) => d.id === id);
}

export function findOperator(network: NetworkDefinition, networkId: string): Operator | undefined {
  return network.operators.find((o) => o.network_id === networkId);
}

export function findDeviceByNumber(network: NetworkDefinition, phoneNumber: string): Device | undefined {
  return network.devices.find((d) => d.phone_number === phoneNumber);
}
