// What the signed-in card's lists (passkeys, connected applications) build their actions from: a button
// made in code, and the one status line under a list that says — and announces — what the last action did.
import type { LiveRegion } from './live-region.js';

export function actionButton(label: string, testId: string, variant: 'primary' | 'secondary' = 'secondary'): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `button button--${variant}`;
  element.textContent = label;
  element.dataset.testid = testId;
  return element;
}

export interface StatusLine {
  say: (message: string, tone: 'ok' | 'error') => void;
  /** The news of an earlier action does not belong to the next one. */
  clear: () => void;
}

/** `okClass`: the line's style for good news; errors look like every other error on the page. */
export function createStatusLine(element: HTMLElement, live: LiveRegion, okClass: string): StatusLine {
  return {
    say: (message, tone) => {
      element.textContent = message;
      element.hidden = false;
      element.className = tone === 'error' ? 'field__error' : okClass;
      live.announce(message, tone === 'error' ? 'assertive' : 'polite');
    },
    clear: () => {
      element.hidden = true;
    },
  };
}
