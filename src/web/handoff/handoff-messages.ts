// Every word the hand-off puts on the page (static copy is in index.html), for both sides.
import type { Notice } from '../messages.js';

const time = (iso: string): string => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(iso));

export const desktop = {
  starting: 'Preparing a sign-in link for your phone…',
  startFailed: {
    tone: 'error',
    heading: 'Something went wrong',
    body: 'We could not prepare a link for your phone. Please try again.',
  },
  /** The code spaced out, so a screen reader says "4 2" rather than "forty-two". */
  spokenCode: (code: string): string => code.split('').join(' '),
  waiting: (expiresAt: string): string => `Waiting for your phone. The link works once, until ${time(expiresAt)}.`,
  ready: (code: string): string =>
    `Sign-in link ready. Scan the QR code with your phone, or open the link shown. On the phone you will pick the code ${desktop.spokenCode(code)}.`,
  opened: (code: string): string => `Your phone opened the link. Verify your number there, then pick ${desktop.spokenCode(code)} on the phone.`,
  approved: 'Your phone confirmed. Signing you in on this computer…',
  ended: (message: string | null): Notice => ({
    tone: 'error',
    heading: 'Sign-in with your phone stopped',
    body: message ?? 'This sign-in did not finish. Start again to get a new link.',
  }),
  claimFailed: (detail: string | undefined): Notice => ({
    tone: 'error',
    heading: 'We could not sign you in',
    body: detail ?? 'Something went wrong while signing you in. Start again to get a new link.',
  }),
  cancelled: 'Sign-in with your phone cancelled.',
} as const;

export const phone = {
  opening: {
    tone: 'info',
    heading: 'Opening the sign-in link…',
    body: 'One moment.',
  },
  linkRefused: (detail: string | undefined): Notice => ({
    tone: 'error',
    heading: 'This sign-in link cannot be used',
    body: detail ?? 'This sign-in link is not valid any more. Start again on your computer.',
  }),
  where: (desktopSummary: string, startedAt: string): string =>
    `You are signing in on ${desktopSummary}, started at ${time(startedAt)}. Only continue if that is your own computer, in front of you now.`,
  numberFromDesktop: 'Use the same number you typed on the computer.',
  verifyFirst: 'First verify your number below, on mobile data. This phone itself will not be signed in.',
  pickCode: 'Your number is verified. Now pick the code your computer shows.',
  confirming: 'Confirming…',
  done: {
    tone: 'success',
    heading: 'Done — return to your computer',
    body: 'Your computer is signing you in now. This phone is not signed in; you can close this page.',
  },
  refused: (detail: string | undefined): Notice => ({
    tone: 'error',
    heading: 'Sign-in on your computer stopped',
    body: detail ?? 'This sign-in did not finish. Start again on your computer.',
  }),
  desktopGone: {
    tone: 'error',
    heading: 'Sign-in on your computer stopped',
    body: 'The sign-in was cancelled on the computer, or the link expired. Start again on your computer.',
  },
} as const;
