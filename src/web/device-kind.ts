// Is this a computer rather than a phone or tablet? Sign-in proves a number through the SIM's own mobile
// data, so in live mode a computer is told plainly to use a phone instead of being asked to turn off WiFi.
//
// How: a computer has no touch screen and no coarse pointer, and its browser does not call itself
// mobile (User-Agent Client Hints' `mobile` where the browser has them, else the User-Agent string).
// All three must agree, so any doubt falls on the side of "phone": a touch-screen laptop, or iPadOS
// Safari (a Mac User-Agent, but touch points), gets the normal journey with its WiFi advice — which is
// harmless, whereas telling a phone it is a computer would lock its owner out.

interface UserAgentData {
  readonly mobile?: boolean;
}

export interface DeviceSignals {
  userAgent: string;
  /** navigator.userAgentData?.mobile: Chromium's own answer, when it gives one. */
  userAgentMobile: boolean | undefined;
  maxTouchPoints: number;
  /** matchMedia('(any-pointer: coarse)'): some input is a finger. */
  coarsePointer: boolean;
}

const MOBILE_USER_AGENT = /Mobi|Android|iPhone|iPad|iPod|Opera Mini|IEMobile/i;

export function looksLikeComputer(signals: DeviceSignals): boolean {
  const touch = signals.maxTouchPoints > 0 || signals.coarsePointer;
  const mobileUserAgent = signals.userAgentMobile ?? MOBILE_USER_AGENT.test(signals.userAgent);
  return !touch && !mobileUserAgent;
}

export function thisDevice(): DeviceSignals {
  const userAgentData = (navigator as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  return {
    userAgent: navigator.userAgent,
    userAgentMobile: userAgentData?.mobile,
    maxTouchPoints: navigator.maxTouchPoints,
    coarsePointer: window.matchMedia('(any-pointer: coarse)').matches,
  };
}
