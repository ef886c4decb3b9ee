// tru.ID takes E.164 numbers as digits without the `+` (check/CheckDefaultResourceModels.yaml:
// `phone_number` example "447700900000"). People and libphonenumber write "+44…": strip one leading `+`
// and leave the rest for tru.ID to judge (it answers 400 with a problem document for a bad number).
export function toTruIdPhoneNumber(phoneNumber: string): string {
  const trimmed = phoneNumber.trim();
  return trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
}
