// The tables as Kysely sees them. One set of types for both dialects, because the migrations
// create the same columns on SQLite and PostgreSQL.
//
// Time is stored as INTEGER milliseconds since the Unix epoch (UTC) in every table: SQLite has no
// date type, PostgreSQL's `timestamptz` has only microsecond precision and comes back through
// different parsers, while an integer round-trips a JS `Date` exactly on both. The column is
// `bigint` (INTEGER affinity on SQLite); `pg` returns `bigint` as a string unless told otherwise,
// so database.ts installs a parser that turns it into a safe integer `number` (ms timestamps stay
// below 2^53 until the year 287,396) and the repositories convert again defensively (timestamps.ts).
import type { Generated } from 'kysely';

export type DatabaseDialect = 'sqlite' | 'postgres';

/** Milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMillis = number;

export interface UsersTable {
  /** A random UUID (v4), never derived from the phone number. */
  id: string;
  /** E.164 with '+', the one identity the mobile network proved. */
  phone_e164: string;
  created_at: EpochMillis;
  last_sign_in_at: EpochMillis | null;
  /**
   * Set when the account was retired (a new account took its number, see sim-swap/): the row and
   * what hangs off it stay, but it owns no number any more. Unique phone_e164 among rows where null.
   */
  retired_at: EpochMillis | null;
  /** When the person last declined the "Add a passkey" offer (passkeys/): not asked again for a while. */
  passkey_offer_dismissed_at: EpochMillis | null;
}

export interface VerificationFlowsTable {
  check_id: string;
  /** SHA-256 hex of the flow cookie. */
  flow_token_hash: string;
  phone_e164: string;
  status: 'pending' | 'completed' | 'failed';
  /** 1 / 0 once completed, else null. An integer because SQLite has no boolean. */
  match: number | null;
  failure_reason: string | null;
  created_at: EpochMillis;
  expires_at: EpochMillis;
  finished_at: EpochMillis | null;
  /** Set once, when a matched flow was turned into a signed-in session. */
  consumed_at: EpochMillis | null;
  /** Which tru.ID product the check is: the redirect completes it with that product's PATCH. */
  check_product: 'phone_check' | 'subscriber_check';
  /** SubscriberCheck: the `period` (minutes) its SIM-change facts answer for. */
  sim_period_minutes: number | null;
  /** SubscriberCheck, once completed: 1 no SIM change within the period, 0 changed, null not said. */
  sim_no_change: number | null;
  /** SubscriberCheck's SimChangeWithin bucket (minutes), when the operator gave it. */
  sim_change_within: number | null;
  /** The account a refused sign-in judged to be on a possibly recycled number (the new-account offer). */
  recycled_user_id: string | null;
}

export interface SessionsTable {
  /** SHA-256 hex of the 256-bit session token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: EpochMillis;
  /** Absolute: activity does not extend it. */
  expires_at: EpochMillis;
  last_seen_at: EpochMillis;
  ip: string | null;
  user_agent: string | null;
  /** How the session was proven, comma-separated methods: 'sim', 'passkey' (sessions.ts, for OIDC's amr). */
  amr: Generated<string>;
}

export interface PasskeyCredentialsTable {
  /** Our id for the passkey (URLs, audit): 24 letters. */
  id: string;
  /** The authenticator's credential id, base64url. */
  credential_id: string;
  user_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter as last seen (0: the authenticator keeps none). */
  sign_count: number;
  /** JSON array of transports, or null. */
  transports: string | null;
  device_type: 'singleDevice' | 'multiDevice';
  /** 1 / 0: the credential is backed up (synced) as of its last use. */
  backed_up: number;
  aaguid: string | null;
  name: string;
  created_at: EpochMillis;
  last_used_at: EpochMillis | null;
}

export interface PasskeyChallengesTable {
  /** SHA-256 hex of the challenge. */
  challenge_hash: string;
  purpose: 'registration' | 'authentication';
  user_id: string | null;
  created_at: EpochMillis;
  expires_at: EpochMillis;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: EpochMillis;
  event: string;
  user_id: string | null;
  check_id: string | null;
  phone_masked: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object text. */
  detail: string | null;
}

/** A hand-off from a desktop to a phone (handoff/): see migrations/0003-handoff.ts. */
export interface HandoffsTable {
  id: string;
  desktop_token_hash: string;
  link_token_hash: string;
  phone_token_hash: string | null;
  status: 'waiting' | 'opened' | 'approved' | 'signed_in' | 'cancelled' | 'refused';
  refusal: string | null;
  match_code: string;
  code_choices: string;
  phone_e164: string | null;
  desktop_summary: string;
  user_id: string | null;
  account_created: number | null;
  created_at: EpochMillis;
  expires_at: EpochMillis;
  opened_at: EpochMillis | null;
  approved_at: EpochMillis | null;
  finished_at: EpochMillis | null;
}

/** oidc-provider's stored models (oidc/adapter.ts). */
export interface OidcPayloadsTable {
  model: string;
  id: string;
  /** JSON text. */
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  /** The account's subject (oidc_subjects.subject), for grants and sessions. */
  account_id: string | null;
  client_id: string | null;
  expires_at: EpochMillis | null;
  consumed_at: EpochMillis | null;
  /** First stored; never changed by later upserts. */
  created_at: EpochMillis;
}

/** The provider's signing keys and cookie secrets (oidc/provider-keys.ts). */
export interface OidcKeysTable {
  kind: 'signing' | 'cookie';
  generation: number;
  kid: string;
  alg: string;
  material: string;
  created_at: EpochMillis;
}

/** The opaque `sub` of each account that used the provider (oidc/subjects.ts). */
export interface OidcSubjectsTable {
  subject: string;
  user_id: string;
  created_at: EpochMillis;
}

/** A signed tru.ID callback already received (truid-callbacks/): see migrations/0006-truid-callbacks.ts. */
export interface TruIdCallbackReceiptsTable {
  /** SHA-256 hex of the callback's signature. */
  signature_hash: string;
  check_id: string;
  status: string;
  received_at: EpochMillis;
  /** When its signed Date leaves the clock-skew bound: a replay after that is refused as stale anyway. */
  expires_at: EpochMillis;
}

export interface DatabaseSchema {
  users: UsersTable;
  verification_flows: VerificationFlowsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  handoffs: HandoffsTable;
  passkey_credentials: PasskeyCredentialsTable;
  passkey_challenges: PasskeyChallengesTable;
  oidc_payloads: OidcPayloadsTable;
  oidc_keys: OidcKeysTable;
  oidc_subjects: OidcSubjectsTable;
  truid_callback_receipts: TruIdCallbackReceiptsTable;
}
