// The project's own callback URLs (basics.yaml, ProjectCommon.v1.yaml ProjectConfiguration:
// `configuration.phone_check.callback_url`, `configuration.subscriber_check.callback_url`), which tru.ID
// uses for checks created without a `callback_url` ("If a callback_url parameter is passed when an
// individual PhoneCheck is created it will override the callback_url set within Project configuration").
// tru.ID's dev-server relies on them: it creates checks without one. Set through the admin API.
import { InputError } from '../input-error.js';
import type { CallbackProduct } from './signed-request.js';

export type ProjectCallbackUrls = Partial<Record<CallbackProduct, string>>;

/** `{"phone_check":{"callback_url":"https://…"},"subscriber_check":{"callback_url":null}}`; a product left out is unchanged, null removes. */
export function applyProjectConfiguration(current: ProjectCallbackUrls, input: unknown): ProjectCallbackUrls {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InputError(['body must be an object']);
  const next: ProjectCallbackUrls = { ...current };
  const issues: string[] = [];
  for (const [product, value] of Object.entries(input)) {
    if (product !== 'phone_check' && product !== 'subscriber_check') {
      issues.push(`"${product}" is not a product with callbacks (phone_check, subscriber_check)`);
      continue;
    }
    const url: unknown = typeof value === 'object' && value !== null ? (value as { callback_url?: unknown }).callback_url : undefined;
    if (url === null) delete next[product];
    else if (typeof url === 'string' && /^https?:\/\//.test(url) && URL.canParse(url)) next[product] = url;
    else issues.push(`${product}.callback_url must be an http(s) URL or null`);
  }
  if (issues.length > 0) throw new InputError(issues);
  return next;
}

/** As ProjectConfiguration shows it. */
export function projectConfigurationView(urls: ProjectCallbackUrls): Record<string, { callback_url: string }> {
  return Object.fromEntries(Object.entries(urls).map(([product, url]) => [product, { callback_url: url }]));
}
