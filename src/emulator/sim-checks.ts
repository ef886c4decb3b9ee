// SIMCheck v0.1: synchronous, server-only, by number (products.yaml create-sim-check). The network looks
// up the SIM holding the number; no device takes part, so connection type does not matter.
import { randomUUID } from 'node:crypto';
import { findDeviceByNumber, findOperator, type NetworkDefinition, type PhoneCheckErrorCode } from './network.js';
import { simFacts, type SimFacts } from './sim-change.js';

export interface SimCheckRecord {
  check_id: string;
  status: 'COMPLETED' | 'ERROR';
  reference_id?: string;
  network_id?: string;
  error_code?: PhoneCheckErrorCode;
  sim?: SimFacts;
  created_at: number;
}

export type SimCheckResult = { kind: 'done'; check: SimCheckRecord } | { kind: 'mno_not_supported' };

export function runSimCheck(
  input: { phone_number: string; reference_id?: string; period: number },
  network: NetworkDefinition,
  now: number,
): SimCheckResult {
  const base = { check_id: randomUUID(), created_at: now, ...(input.reference_id !== undefined ? { reference_id: input.reference_id } : {}) };
  const holder = findDeviceByNumber(network, input.phone_number);
  // A number no SIM in the network holds: "not recognized by the MNO" (SimCheckErrorCode).
  if (!holder) return { kind: 'done', check: { ...base, status: 'ERROR', error_code: 'mno_user_not_found' } };
  const operator = findOperator(network, holder.network_id);
  if (!operator?.supported) return { kind: 'mno_not_supported' };
  if (operator.mno_error) return { kind: 'done', check: { ...base, status: 'ERROR', error_code: operator.mno_error } };
  // SimCheckErrorCode `mno_no_data_available`: "The MNO is not allowed to share this information".
  if (operator.sim_change_data === false) return { kind: 'done', check: { ...base, status: 'ERROR', error_code: 'mno_no_data_available' } };
  return {
    kind: 'done',
    check: { ...base, status: 'COMPLETED', network_id: holder.network_id, sim: simFacts(holder.sim_changed_at, input.period, now) },
  };
}

/** SimCheck schema; `charge_amount` is 0 unless COMPLETED ("only billable if ... COMPLETED"). */
export function simCheckView(check: SimCheckRecord, origin: string): Record<string, unknown> {
  return {
    check_id: check.check_id,
    status: check.status,
    ...(check.reference_id !== undefined ? { reference_id: check.reference_id } : {}),
    ...(check.status === 'COMPLETED' ? { network_id: check.network_id, ...check.sim } : {}),
    ...(check.error_code !== undefined ? { error_code: check.error_code } : {}),
    charge_amount: check.status === 'COMPLETED' ? 1 : 0,
    charge_currency: 'API',
    created_at: new Date(check.created_at).toISOString(),
    _links: { self: { href: `${origin}/sim_check/v0.1/checks/${check.check_id}` } },
  };
}
