// Request and response shapes from tru.ID's OpenAPI definitions (shared/truid-openapi/specs), in
// snake_case exactly as on the wire. File references are to specs/models/.

/** OAuth2 scopes the client asks for (basics.yaml, components.schemas.OAuth2Scope). */
export type TruIdScope = 'phone_check' | 'subscriber_check' | 'sim_check' | 'coverage';

/** common/Link.v1.yaml */
export interface Link {
  href: string;
}

/** common/DataTypes.v1.yaml#Currency */
export type Currency = 'API' | 'USD' | 'GBP' | 'EUR';

/** check/CheckDefaultResourceModels.yaml#CheckStatus */
export type CheckStatus = 'ACCEPTED' | 'PENDING' | 'COMPLETED' | 'EXPIRED' | 'ERROR';

/**
 * phone_check/PhoneCheckDefaultResourceModels.yaml#PhoneCheckErrorCode (the same list for SubscriberCheck).
 * The spec types it as a free string, so unknown codes stay possible.
 */
export type CheckErrorCode =
  | 'not_mobile_ip'
  | 'mno_not_supported'
  | 'mno_timeout'
  | 'mno_user_not_found'
  | 'mno_response_error'
  | 'mno_server_error'
  | 'mno_no_data_available'
  | 'ip_mismatch'
  | 'ip_msisdn_mismatch'
  | (string & {});

/** sim_check/SimCheckResourceModels.v1.yaml#SimCheckErrorCode */
export type SimCheckErrorCode =
  | 'mno_not_supported'
  | 'mno_timeout'
  | 'mno_user_not_found'
  | 'mno_response_error'
  | 'mno_server_error'
  | 'mno_no_data_available'
  | (string & {});

/** POST body of PhoneCheck v0.1 (check/CheckDefaultResourceModels.yaml#CheckCreatePayload). */
export interface CheckCreatePayloadV01 {
  /** E.164; the client sends it without a leading `+` (the spec's examples: "447700900000"). */
  phone_number: string;
  phone_ip?: string;
  reference_id?: string;
  callback_url?: string;
}

/** POST body of PhoneCheck v0.2 (check/CheckResourceModels.v0.2.yaml#CheckCreatePayload): adds `redirect_url`. */
export interface CheckCreatePayload extends CheckCreatePayloadV01 {
  redirect_url?: string;
}

/** subscriber_check/SubscriberCheckResourceModels.v0.2.yaml#SubscriberCheckCreatePayload */
export interface SubscriberCheckCreatePayload extends CheckCreatePayload {
  /** Minutes, 60…540000; default 10080 (7 days). */
  period?: number;
}

/** sim_check/SimCheckResourceModels.v1.yaml#SimCheckCreatePayload */
export interface SimCheckCreatePayload {
  phone_number: string;
  phone_ip?: string;
  reference_id?: string;
  period?: number;
}

/** One element of check/CheckResourceModels.v0.2.yaml#CheckPatchPayload (RFC 6902). */
export interface CheckPatchOperation {
  op: 'add';
  path: '/code';
  value: string;
}

/** check/CheckDefaultResourceModels.yaml#CheckPartial */
interface CheckBase {
  check_id: string;
  reference_id?: string;
  status: CheckStatus;
  charge_amount: number;
  charge_currency: Currency;
  created_at: string;
  updated_at?: string;
  /** Only when `status` is COMPLETED. */
  network_id?: string;
}

/** phone_check/PhoneCheckResourceModels.v0.2.yaml#PhoneCheckCreateResponse (CheckCreatePartial + PhoneCheckDefault). */
export interface PhoneCheckCreateResponse extends CheckBase {
  status: 'ACCEPTED';
  /** Seconds until the check expires; 120 by default. */
  ttl: number;
  /** Only returned on creation. */
  snapshot_balance?: number;
  _links: { self: Link; check_url: Link };
}

/** phone_check/PhoneCheckResourceModels.v0.2.yaml#PhoneCheck (GET answers for v0.1 and v0.2). */
export interface PhoneCheck extends CheckBase {
  /** Only when `status` is COMPLETED. */
  match?: boolean;
  /** When `status` is ERROR. */
  error_code?: CheckErrorCode;
  ttl?: number;
  _links: { self: Link; check_url?: Link };
}

/** check/CheckDefaultResourceModels.yaml#CheckPatchPartial: the answer to PATCH (complete). */
export interface PhoneCheckPatchResponse extends CheckBase {
  match?: boolean;
  updated_at: string;
  error_code?: CheckErrorCode;
  _links?: { self: Link };
}

/** sim_check/SimCheckResourceModels.v1.yaml#NoSimChange, SimChangeWithin, NoSimChangePeriod */
export interface SimChangeFacts {
  /** true: the SIM has NOT changed within the period. Only when COMPLETED. */
  no_sim_change?: boolean;
  /** Minutes since the change, bucketed (60, 360, … 525601). Only when the MNO provides it. */
  sim_change_within?: number;
  /** Minutes the check looked back (default 10080). */
  no_sim_change_period?: number;
}

/** subscriber_check/SubscriberCheckResourceModels.v0.2.yaml#SubscriberCheckCreateResponse */
export interface SubscriberCheckCreateResponse extends PhoneCheckCreateResponse, SimChangeFacts {
  error_code?: CheckErrorCode;
}

/** subscriber_check/SubscriberCheckResourceModels.v0.2.yaml#SubscriberCheck */
export interface SubscriberCheck extends PhoneCheck, SimChangeFacts {}

/** subscriber_check/SubscriberCheckResourceModels.v0.2.yaml#SubscriberCheckPatchPartial */
export interface SubscriberCheckPatchResponse extends PhoneCheckPatchResponse, SimChangeFacts {}

/** sim_check/SimCheckResourceModels.v1.yaml#SimCheck, as answered 201 by POST /sim_check/v0.1/checks. */
export interface SimCheck extends SimChangeFacts {
  check_id: string;
  reference_id?: string;
  status: 'COMPLETED' | 'ERROR';
  charge_amount: number;
  charge_currency: Currency;
  network_id?: string;
  error_code?: SimCheckErrorCode;
  created_at: string;
  snapshot_balance?: number;
  _links: { self: Link };
}

/** common/DataTypes.v1.yaml#ProductID: PhoneCheck (pck), SubscriberCheck (suk), SIMCheck (sck). */
export type ProductId = 'pck' | 'sck' | 'suk' | (string & {});

/** coverage/CoverageResourceModels.v1.yaml#DeviceReachability */
export interface DeviceReachability {
  network_id?: string;
  network_name?: string;
  /** ISO 3166-1 alpha-2 */
  country_code?: string;
  mobile_data_ip?: string;
  network_aliases?: string[];
  products?: { product_id: ProductId; product_name: string }[];
  _links?: { self: Link };
}

/** basics.yaml, POST /oauth2/v1/token 200 (RFC 6749 §4.4.3). */
export interface AccessTokenResponse {
  access_token: string;
  token_type: 'bearer';
  /** Seconds. */
  expires_in: number;
  scope: string;
}

/** common/HTTPProblemDetailTypes.v1.yaml#ProblemDetailsBase (RFC 7807). */
export interface ProblemDetails {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  [extension: string]: unknown;
}
