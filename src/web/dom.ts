// Typed, checked element lookups: a missing or mistyped element is a bug in index.html, so fail loudly
// at start-up rather than later with "cannot read properties of null".

type ElementClass<T extends HTMLElement> = abstract new () => T;

export function byId<T extends HTMLElement>(id: string, type: ElementClass<T>): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(`index.html: #${id} is missing or is not a ${type.name}`);
  }
  return element;
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
