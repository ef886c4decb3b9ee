// PhoneCheck v0.1 / v0.2 and SubscriberCheck v0.1 / v0.2 (products.yaml): create, get, PATCH the code (v0.2),
// and check_url — where the simulated network, not the caller, decides who the device is.
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attributeIp, attributeRequest, DEVICE_HEADER } from './attribution.js';
import { checkFlavourRoutes } from './check-flavour.js';
import { CHECK_FLAVOURS, createCheck, redeemCode, visitCheckUrl, type CheckRecord } from './checks.js';
import type { EmulatorState } from './control.js';
import { findDeviceByNumber, findOperator, normalisePhoneNumber, type PhoneCheckErrorCode } from './network.js';
import { problems } from './problems.js';
import { checkView, createdView, patchedView } from './representations.js';
import { DEFAULT_NO_SIM_CHANGE_PERIOD, MAX_PERIOD, MIN_PERIOD } from './sim-change.js';
import { operatorHopPath } from './mno-routes.js';

/** PhoneCheckErrorCode descriptions, used as `error_description` on redirects. */
const ERROR_DESCRIPTIONS: Record<PhoneCheckErrorCode | 'mno_redirect_unsupported', string> = {
  not_mobile_ip: 'The IP address associated with the request is not from a mobile cellular network',
  mno_not_supported: 'The MNO is not supported',
  mno_timeout: 'The request timed out with the MNO',
  mno_user_not_found: 'The supplied phone number is not recognized by the MNO',
  mno_response_error: 'The MNO responded with an invalid response',
  mno_server_error: 'An error occurred with the MNO',
  mno_no_data_available: 'The MNO is not allowed to share this information',
  ip_mismatch: 'The IP address of create check request and redirect do not match',
  ip_msisdn_mismatch: "The IP address and phone number don't belong to the same MNO",
  mno_redirect_unsupported: 'MNO redirect unsupported',
};

interface CreateBody {
  phone_number?: unknown;
  redirect_url?: string;
  reference_id?: string;
  callback_url?: string;
  phone_ip?: string;
  period?: number;
}

/** Optional fields typed by the route schema; phone_number is checked by hand so any fault is InvalidPhoneNumberFormat. */
const createSchema = (withV02Fields: boolean, withPeriod: boolean) => ({
  body: {
    type: 'object',
    properties: {
      phone_number: {},
      reference_id: { type: 'string', maxLength: 128 },
      callback_url: { type: 'string', format: 'uri', pattern: '^https?://' },
      phone_ip: { type: 'string', minLength: 2 },
      ...(withV02Fields ? { redirect_url: { type: 'string', format: 'uri', pattern: '^https?://' } } : {}),
      ...(withPeriod ? { period: { type: 'integer', minimum: MIN_PERIOD, maximum: MAX_PERIOD } } : {}),
    },
  },
});

const checkIdParams = { params: { type: 'object', properties: { check_id: { type: 'string' } }, required: ['check_id'] } };

export function registerCheckRoutes(app: FastifyInstance, state: EmulatorState, origin: (request: FastifyRequest) => string): void {
  for (const { product, version } of CHECK_FLAVOURS) {
    const { base, auth, load } = checkFlavourRoutes(state, { product, version });

    app.post<{ Body: CreateBody }>(base, { ...auth, schema: createSchema(version === 'v0.2', product === 'subscriber_check') }, async (request, reply) => {
      const body = request.body ?? {};
      const phoneNumber = normalisePhoneNumber(body.phone_number);
      if (phoneNumber === null) throw problems.invalidPhoneNumber();
      if (body.phone_ip !== undefined && isIP(body.phone_ip) === 0) throw problems.badRequest('phone_ip must be an IPv4 or IPv6 address');
      if (body.phone_ip !== undefined) {
        // 409 IPMSISDNMismatch on create: the IP given is attached to a SIM on another operator than the number's.
        const network = state.network();
        const byIp = network.attachments[body.phone_ip] !== undefined ? attributeIp(network, body.phone_ip) : undefined;
        const holder = findDeviceByNumber(network, phoneNumber);
        if (byIp?.ok && holder && byIp.device.network_id !== holder.network_id) throw problems.ipMsisdnMismatch();
      }
      const check = createCheck(
        {
          product,
          version,
          phone_number: phoneNumber,
          period: body.period ?? DEFAULT_NO_SIM_CHANGE_PERIOD,
          ...(body.redirect_url !== undefined ? { redirect_url: body.redirect_url } : {}),
          ...(body.reference_id !== undefined ? { reference_id: body.reference_id } : {}),
          ...(body.phone_ip !== undefined ? { phone_ip: body.phone_ip } : {}),
          ...withCallbackUrl(state.callbacks.callbackUrlFor(product, body.callback_url)),
        },
        state.now(),
        state.checkTtlSeconds,
      );
      state.checks.put(check);
      return reply.code(201).type('application/hal+json').send(createdView(check, origin(request), state.charge()));
    });

    app.get<{ Params: { check_id: string } }>(`${base}/:check_id`, { ...auth, schema: checkIdParams }, async (request, reply) => {
      return reply.type('application/hal+json').send(checkView(load(request.params.check_id), origin(request)));
    });

    if (version === 'v0.2') {
      app.patch<{ Params: { check_id: string } }>(`${base}/:check_id`, { ...auth, schema: checkIdParams }, async (request, reply) => {
        const contentType = request.headers['content-type'] ?? '';
        if (!contentType.toLowerCase().startsWith('application/json-patch+json')) {
          throw problems.unsupportedMediaType('PATCH takes Content-Type: application/json-patch+json (RFC 6902)');
        }
        const code = codeFromPatch(request.body);
        const check = load(request.params.check_id);
        const { check: updated, outcome } = redeemCode(check, code, state.now());
        state.checks.put(updated);
        if (outcome === 'no_code') throw problems.checkNotFound('Check Not Found: no redeemable code (check_url not visited, wrong code, or code already used)');
        return reply.type('application/hal+json').send(patchedView(updated));
      });
    }

    app.get<{ Params: { check_id: string } }>(`${base}/:check_id/redirect`, { schema: checkIdParams }, async (request, reply) => {
      const check = load(request.params.check_id);
      const network = state.network();
      const header = request.headers[DEVICE_HEADER];
      const attribution = attributeRequest(network, typeof header === 'string' ? header : undefined, request.ip, request.headers.host);
      if (!attribution.ok) throw problems.unknownDevice(attribution.unknownDeviceId);
      const numberHolder = findDeviceByNumber(network, check.phone_number);
      const { check: updated, outcome } = visitCheckUrl(
        check,
        {
          device: attribution.device,
          operator: findOperator(network, attribution.device.network_id),
          sourceIp: request.ip,
          numberHolder,
          numberHolderOperator: numberHolder && findOperator(network, numberHolder.network_id),
        },
        state.now(),
      );
      state.checks.put(updated);
      switch (outcome.kind) {
        case 'gone':
          throw problems.checkNotFound('Check Not Found: check_url already used or the check has expired');
        case 'refused':
          throw outcome.error_code === 'not_mobile_ip'
            ? problems.notMobileIp()
            : outcome.error_code === 'mno_not_supported'
              ? problems.mnoNotSupported()
              : problems.ipMsisdnMismatch();
        case 'redirect_unsupported':
          // v0.2 with a redirect_url: the browser lands back on the app with error=mno_redirect_unsupported
          // (tru.ID dev-server's v0.2 callback handles exactly that); otherwise the documented 501.
          if (version === 'v0.2' && updated.redirect_url !== undefined) return redirectWithError(reply, updated, 'mno_redirect_unsupported');
          throw problems.redirectNotSupported();
        case 'failed':
          if (version === 'v0.1') return reply.redirect(origin(request) + operatorHopPath(updated, 'failed'), 302);
          return redirectWithError(reply, updated, outcome.error_code);
        case 'verified':
          if (version === 'v0.1') return reply.redirect(origin(request) + operatorHopPath(updated, outcome.code), 302);
          if (updated.redirect_url === undefined) {
            // No redirect_url: the final answer carries the code (CheckRedirectSuccessPartial).
            return reply.code(302).type('application/hal+json').send({ check_id: updated.check_id, code: outcome.code });
          }
          return reply.redirect(withQuery(updated.redirect_url, { check_id: updated.check_id, code: outcome.code }), 302);
      }
    });
  }
}

function redirectWithError(reply: FastifyReply, check: CheckRecord, error: PhoneCheckErrorCode | 'mno_redirect_unsupported'): FastifyReply {
  const params = { check_id: check.check_id, error, error_description: ERROR_DESCRIPTIONS[error] };
  if (check.redirect_url === undefined) return reply.code(302).type('application/hal+json').send(params); // CheckRedirectErrorPartial
  return reply.redirect(withQuery(check.redirect_url, params), 302);
}

function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

/** RFC 6902 body of CheckPatchPayload: `[{"op":"add","path":"/code","value":"<code>"}]`. */
function codeFromPatch(body: unknown): string {
  const op: unknown = Array.isArray(body) ? body.find((o: unknown) => typeof o === 'object' && o !== null && (o as { path?: unknown }).path === '/code') : undefined;
  if (!Array.isArray(body) || typeof op !== 'object' || op === null) {
    throw problems.badRequest('Body must be a JSON Patch array with {"op":"add","path":"/code","value":"<code>"}');
  }
  const { op: verb, value } = op as { op?: unknown; value?: unknown };
  if (verb !== 'add' && verb !== 'replace') throw problems.badRequest('The /code operation must be "add"');
  if (typeof value !== 'string' || value === '') throw problems.badRequest('The /code value must be a non-empty string');
  return value;
}

const withCallbackUrl = (url: string | undefined): { callback_url?: string } => (url !== undefined ? { callback_url: url } : {});
