// Which device made a request. Browsers cannot add headers to navigations or <img> loads, so the
// header is for tests and Node callers; people and browser tests switch the active device instead
// (docs/architecture.md, "Attribution").
import { findDevice, normaliseIp, type Device, type NetworkDefinition } from './network.js';

export const DEVICE_HEADER = 'x-emulator-device';

export type Attribution =
  | { ok: true; device: Device; by: 'header' | 'attachment' | 'active' }
  | { ok: false; unknownDeviceId: string };

export function attributeRequest(network: NetworkDefinition, headerValue: string | undefined, sourceIp: string): Attribution {
  if (headerValue !== undefined && headerValue !== '') {
    const device = findDevice(network, headerValue);
    return device ? { ok: true, device, by: 'header' } : { ok: false, unknownDeviceId: headerValue };
  }
  return attributeIp(network, sourceIp);
}

/** Attachment of the IP, else the active device (also how `/coverage/v0.1/device_ips/{ip}` resolves). */
export function attributeIp(network: NetworkDefinition, ip: string): Attribution {
  const attached = network.attachments[normaliseIp(ip)];
  if (attached !== undefined) {
    const device = findDevice(network, attached);
    if (device) return { ok: true, device, by: 'attachment' };
  }
  const active = findDevice(network, network.active_device);
  return active ? { ok: true, device: active, by: 'active' } : { ok: false, unknownDeviceId: network.active_device };
}
