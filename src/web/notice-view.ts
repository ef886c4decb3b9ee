// A message box on the page: a heading, a sentence, a tone (info / success / error) shown by class.
// The box itself is not a live region; announcements go through live-region.ts.
import type { Notice } from './messages.js';

export interface NoticeView {
  show(notice: Notice, options?: { busy?: boolean }): void;
  hide(): void;
  /** Moves focus to the heading (tabindex="-1"), so a screen reader starts reading the message there. */
  focus(): void;
  readonly visible: boolean;
}

export function createNoticeView(root: HTMLElement, heading: HTMLElement, body: HTMLElement): NoticeView {
  return {
    show(notice, options = {}) {
      heading.textContent = notice.heading;
      body.textContent = notice.body;
      root.classList.remove('notice--info', 'notice--success', 'notice--error');
      root.classList.add(`notice--${notice.tone}`);
      root.dataset.tone = notice.tone;
      if (options.busy) root.setAttribute('aria-busy', 'true');
      else root.removeAttribute('aria-busy');
      root.hidden = false;
    },
    hide() {
      root.hidden = true;
      root.removeAttribute('aria-busy');
      delete root.dataset.tone;
      heading.textContent = '';
      body.textContent = '';
    },
    focus() {
      heading.focus();
    },
    get visible() {
      return !root.hidden;
    },
  };
}

/** One string for a live region: "Heading. Sentence." */
export function spoken(notice: Notice): string {
  const heading = notice.heading.replace(/[.…]$/u, '');
  return `${heading}. ${notice.body}`;
}
