// The calls every check product shares (PhoneCheck v0.1/v0.2, SubscriberCheck v0.2): create with
// the number as tru.ID writes it, read by id, and — for v0.2 — complete with the redirect's code.
// Products differ only in their path and OAuth2 scope (products.yaml).
import type { ApiRequest } from './http.js';
import { toTruIdPhoneNumber } from './phone-number.js';
import type { CheckPatchOperation } from './types.js';

type CheckScope = 'phone_check' | 'subscriber_check';

export interface CheckCalls<Create, Created, Check> {
  create(input: Create): Promise<Created>;
  get(checkId: string): Promise<Check>;
}

export interface CodeCheckCalls<Create, Created, Check, Patched> extends CheckCalls<Create, Created, Check> {
  complete(checkId: string, code: string): Promise<Patched>;
}

export function checkCalls<Create extends { phone_number: string }, Created, Check>(
  api: ApiRequest,
  base: string,
  scope: CheckScope,
): CheckCalls<Create, Created, Check> {
  return {
    create: (input) =>
      api<Created>({ method: 'POST', path: base, endpoint: base, scope, json: { ...input, phone_number: toTruIdPhoneNumber(input.phone_number) } }),
    get: (checkId) => api<Check>({ method: 'GET', path: `${base}/${encodeURIComponent(checkId)}`, endpoint: `${base}/{check_id}`, scope }),
  };
}

export function codeCheckCalls<Create extends { phone_number: string }, Created, Check, Patched>(
  api: ApiRequest,
  base: string,
  scope: CheckScope,
): CodeCheckCalls<Create, Created, Check, Patched> {
  return {
    ...checkCalls<Create, Created, Check>(api, base, scope),
    // A JSON Patch (RFC 6902) adding the code, sent as application/json-patch+json
    // (check/CheckResourceModels.v0.2.yaml#CheckPatchPayload).
    complete: (checkId, code) => {
      const patch: CheckPatchOperation[] = [{ op: 'add', path: '/code', value: code }];
      return api<Patched>({
        method: 'PATCH',
        path: `${base}/${encodeURIComponent(checkId)}`,
        endpoint: `${base}/{check_id}`,
        scope,
        json: patch,
        contentType: 'application/json-patch+json',
      });
    },
  };
}
