// Which device made a request. Browsers cannot add headers to navigations or <img> loads, so the
// header is for tests and Node callers; people and browser tests switch the active device instead
// (docs/architecture.md, "Attribution"), or give each window a device of its own by the host name it
// reaches the emulator at: `<device id>.localhost` (every *.localhost name is this machine, RFC 6761),
// so a desktop on WiFi and a phone on mobile data can be tried side by side on one machine.
import { findDevice, normaliseIp, type Device, type NetworkDefinition } from './network.js';

export const DEVICE_HEADER = 'x-emulator-device';

export type Attribution =
  | { ok: true; device: Device; by: 'header' | 'host' | 'attachment' | 'active' }
  | { ok: false; unknownDeviceId: string };

export function attributeRequest(network: NetworkDefinition, headerValue: string | undefined, sourceIp: string, host?: string): Attribution {
  if (headerValue !== undefined && headerValue !== '') {
    const device = findDevice(network, headerValue);
    return device ? { ok: true, device, by: 'header' } : { ok: false, unknownDeviceId: headerValue };
  }
  const named = deviceIdFromHost(host);
  if (named !== null) {
    const device = network.devices.find((d) => d.id.toLowerCase() === named);
    return device ? { ok: true, device, by: 'host' } : { ok: false, unknownDeviceId: named };
  }
  return attributeIp(network, sourceIp);
}

/** `wifi.localhost:4010` → "wifi"; any other host → null. Host names arrive lowercased by browsers. */
export function deviceIdFromHost(host: string | undefined): string | null {
  const match = /^([a-z0-9-]{1,63})\.localhost(?::\d+)?$/i.exec(host ?? '');
  return match ? match[1]!.toLowerCase() : null;
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
