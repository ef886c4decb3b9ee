// Coverage (utils.yaml, tag coverage): which mobile network a device IP belongs to and which products
// tru.ID can run there. 400: a network tru.ID does not cover; 412: not a mobile IP.
import type { ApiRequest } from './http.js';
import type { DeviceReachability } from './types.js';

export interface Coverage {
  /** `GET /coverage/v0.1/device_ips/{ip}` (IPv4 or IPv6; IPv6 colons are percent-encoded). */
  deviceIp(ip: string): Promise<DeviceReachability>;
}

export function createCoverage(api: ApiRequest): Coverage {
  return {
    deviceIp: (ip) =>
      api({ method: 'GET', path: `/coverage/v0.1/device_ips/${encodeURIComponent(ip)}`, endpoint: '/coverage/v0.1/device_ips/{ip}', scope: 'coverage' }),
  };
}
