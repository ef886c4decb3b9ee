// Words for the page when a verification fails, keyed by tru.ID's error_code (PhoneCheckErrorCode
// in the official definitions), the redirect's `error`, or our own reasons.
const MESSAGES: Record<string, string> = {
  not_mobile_ip: 'Your phone is not using mobile data. Turn off WiFi and try again.',
  mno_not_supported: 'Your mobile network is not covered yet, so we cannot verify this number.',
  mno_redirect_unsupported: 'Your mobile network does not support this kind of check yet.',
  mno_timeout: 'Your mobile network took too long to answer. Please try again.',
  mno_user_not_found: 'Your mobile network does not recognise this number. Check the number and try again.',
  mno_response_error: 'Your mobile network had a problem verifying your number. Please try again.',
  mno_server_error: 'Your mobile network had a problem verifying your number. Please try again.',
  mno_no_data_available: 'Your mobile network does not share the information needed to verify this number.',
  ip_mismatch: 'The check was opened from a different connection than the one that started it. Try again on this phone, on mobile data.',
  ip_msisdn_mismatch: 'This number belongs to a different mobile network than the one this phone is using.',
  expired: 'The verification took too long and expired. Please try again.',
  code_rejected: 'The verification could not be confirmed. Please try again.',
};

const FALLBACK = 'We could not verify your number. Please try again.';

/** A reason we have words for: the redirect's `error` is the browser's to choose, so anything else is "other" in metrics. */
export function isKnownFailureReason(reason: string): boolean {
  return Object.hasOwn(MESSAGES, reason);
}

export function failureMessage(reason: string | null): string {
  return (reason !== null && MESSAGES[reason]) || FALLBACK;
}
