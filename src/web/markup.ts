// Markup made with DOM calls, for the parts of the page whose code is a chunk of its own (on-demand.ts):
// their elements come with that chunk instead of weighing on every first load's HTML. Text goes in as
// text nodes, attributes with setAttribute: nothing is ever parsed as HTML.

export type Child = Node | string;

/** `<tag attributes…>children…</tag>`; an attribute whose value is true is set empty (e.g. hidden). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | true> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value === true ? '' : value);
  element.append(...children);
  return element;
}

/** A button as the page writes them: type="button", its id doubling as its data-testid. */
export function button(id: string, className: string, label: string, extra: Record<string, string | true> = {}): HTMLButtonElement {
  return el('button', { id, class: `button ${className}`, type: 'button', 'data-testid': id, ...extra }, label);
}
