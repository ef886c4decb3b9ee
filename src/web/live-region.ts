// Screen-reader announcements. Two regions exist from the first paint (a region added together with its
// text is often not announced): role="status" (polite) for progress and success, role="alert" for errors.

export interface LiveRegion {
  announce(text: string, tone: 'polite' | 'assertive'): void;
}

export function createLiveRegion(status: HTMLElement, alert: HTMLElement): LiveRegion {
  let pending: ReturnType<typeof setTimeout> | undefined;
  return {
    announce(text, tone) {
      const target = tone === 'assertive' ? alert : status;
      const other = tone === 'assertive' ? status : alert;
      clearTimeout(pending);
      other.textContent = '';
      if (target.textContent !== text) {
        target.textContent = text;
        return;
      }
      // The same words again are not a change a screen reader notices: clear, then write a moment later.
      target.textContent = '';
      pending = setTimeout(() => {
        target.textContent = text;
      }, 100);
    },
  };
}
