// The audit trail: who signed in or failed to, from where, when. It is read by people, kept long
// and copied around, so it holds no secrets (tokens, codes, cookies) and no full phone numbers.
// Only the fields named below are stored — never a spread of whatever object the caller had.
import type { ExpressionBuilder, Insertable, Kysely, Selectable } from 'kysely';
import { argumentsOf, compiledInsertOnce } from './compiled-once.js';
import type { AuditEventsTable, DatabaseSchema } from './schema.js';
import { MAX_USER_AGENT_LENGTH } from './session-repository.js';
import { fromMillis, toMillis } from './timestamps.js';

export type AuditDetail = Readonly<Record<string, string | number | boolean | null>>;

export interface AuditEventInput {
  /** A stable name such as "sign_in.succeeded" or "phone_check.failed". */
  readonly event: string;
  readonly at: Date;
  readonly userId?: string | null;
  readonly checkId?: string | null;
  /** From maskPhoneNumber(); at most four digits. */
  readonly phoneMasked?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly detail?: AuditDetail | null;
}

export interface AuditEvent {
  readonly id: number;
  readonly event: string;
  readonly at: Date;
  readonly userId: string | null;
  readonly checkId: string | null;
  readonly phoneMasked: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly detail: AuditDetail | null;
}

const EVENT_NAME = /^[a-z][a-z0-9_.:-]{0,63}$/;
const MAX_VISIBLE_DIGITS = 4;
// Keys whose values are credentials by nature. `code` is tru.ID's one-time redirect code.
const SECRET_KEY = /^(code|otp|pin)$|token|secret|password|cookie|authorization|credential/i;
// A phone number written into free text (an error description, say): '+' and digits with spaces,
// or 8+ digits in a row. Dates and versions, with their '-', ':' and '.', are left alone. Values are
// redacted rather than refused so an audit write can never fail a sign-in over an upstream message.
const PHONE_LIKE = /\+\d[\d ]{5,}\d|\d{8,}/g;
// An id of ours (a random UUID) whose first group happens to be all digits is not a phone number.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DETAIL_VALUE_LENGTH = 256;

export async function recordAuditEvent(db: Kysely<DatabaseSchema>, event: AuditEventInput): Promise<void> {
  await insertAuditEventQuery(db, auditEventRow(event));
}

/** The row an event is stored as, checked and cleaned: what every write of the audit trail goes through. */
export type AuditEventRow = Omit<Insertable<AuditEventsTable>, 'id'>;

/**
 * The row for `event`, refused when it would store a secret or a number (see above). For statements that
 * write the event together with another change (flow-repository.ts): they take its columns in this order.
 */
export function auditEventRow(event: AuditEventInput): Required<AuditEventRow> {
  if (!EVENT_NAME.test(event.event)) throw new TypeError(`Audit event name "${event.event}" must match ${String(EVENT_NAME)}`);
  const phoneMasked = event.phoneMasked ?? null;
  if (phoneMasked !== null && countDigits(phoneMasked) > MAX_VISIBLE_DIGITS) {
    throw new TypeError('Audit phoneMasked shows too many digits; pass maskPhoneNumber(phone), never the number');
  }
  return {
    at: toMillis(event.at),
    event: event.event,
    user_id: event.userId ?? null,
    check_id: event.checkId ?? null,
    phone_masked: phoneMasked,
    ip: event.ip ? event.ip.slice(0, 64) : null,
    user_agent: event.userAgent ? event.userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    detail: event.detail ? JSON.stringify(cleanDetail(event.detail)) : null,
  };
}

/** `event`'s row as a compiled-once statement's arguments, in AUDIT_EVENT_COLUMNS' order. */
export function auditEventArguments(event: AuditEventInput): unknown[] {
  return argumentsOf(AUDIT_EVENT_COLUMNS, auditEventRow(event));
}

/**
 * PostgreSQL: the SELECT an `INSERT INTO audit_events (AUDIT_EVENT_COLUMNS)` takes to write the row (as
 * `values`, auditEventArguments') once for each row of `source`, a WITH query of the same statement: so the
 * event is recorded exactly when the change it reports happened (its RETURNING gave a row).
 */
export function auditEventFrom<D, T extends keyof D>(source: string, values: readonly unknown[]): (eb: ExpressionBuilder<D, T>) => never {
  // Kysely's types cannot follow a WITH query named by a parameter; the columns are AUDIT_EVENT_COLUMNS.
  return (eb) => {
    const untyped = eb as unknown as ExpressionBuilder<Record<string, Record<string, unknown>>, never>;
    return untyped.selectFrom(source).select(AUDIT_EVENT_COLUMNS.map((column, i) => untyped.val(values[i]).as(column))) as never;
  };
}

/** The audit row's columns, in a fixed order (auditEventRow's). */
export const AUDIT_EVENT_COLUMNS = ['at', 'event', 'user_id', 'check_id', 'phone_masked', 'ip', 'user_agent', 'detail'] as const satisfies readonly (keyof AuditEventRow)[];

// Every step of every check writes one: compiled once (compiled-once.ts).
const insertAuditEventQuery = compiledInsertOnce<DatabaseSchema, 'audit_events', Exclude<keyof AuditEventsTable, 'id'>>('audit_events', AUDIT_EVENT_COLUMNS);

/** Newest first. `limit` is clamped to 1…1000. */
export async function listAuditEvents(
  db: Kysely<DatabaseSchema>,
  query: { userId?: string; checkId?: string; limit: number },
): Promise<AuditEvent[]> {
  let select = db.selectFrom('audit_events').selectAll();
  if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
  if (query.checkId !== undefined) select = select.where('check_id', '=', query.checkId);
  const limit = Math.min(Math.max(Math.trunc(query.limit) || 1, 1), 1000);
  // Ids grow with every insert on both dialects, so they order events even within one millisecond.
  const rows = await select.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toAuditEvent);
}

/** Deletes events that happened before `before` (retention); returns how many. */
export async function deleteAuditEventsBefore(db: Kysely<DatabaseSchema>, before: Date): Promise<number> {
  const result = await db.deleteFrom('audit_events').where('at', '<', toMillis(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function cleanDetail(detail: AuditDetail): Record<string, string | number | boolean | null> {
  const clean: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (SECRET_KEY.test(key)) throw new TypeError(`Audit detail "${key}" looks like a secret; the audit trail never stores secrets`);
    if (typeof value === 'string') {
      clean[key] = UUID.test(value) ? value : value.slice(0, MAX_DETAIL_VALUE_LENGTH).replace(PHONE_LIKE, '[redacted]');
    } else if (value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      clean[key] = value;
    } else {
      throw new TypeError(`Audit detail "${key}" must be a string, finite number, boolean or null`);
    }
  }
  return clean;
}

function countDigits(text: string): number {
  return text.replace(/\D/g, '').length;
}

function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: Number(row.id),
    event: row.event,
    at: fromMillis(row.at),
    userId: row.user_id,
    checkId: row.check_id,
    phoneMasked: row.phone_masked,
    ip: row.ip,
    userAgent: row.user_agent,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as AuditDetail),
  };
}
