/**
 * Building elements without markup strings: text only ever goes in through textContent, so a
 * header like `<img src=x onerror=…>` read from a workbook shows as those characters.
 */

/** Attributes and text of a new element. */
export interface ElementSpec {
  class?: string;
  text?: string;
  attrs?: Record<string, string | boolean | undefined>;
}

/**
 * Creates an element (HTML or a Fluent custom element) with attributes, text and children.
 *
 * @example el('p', { class: 'note', text: header })
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  spec?: ElementSpec,
  children?: (Node | null | undefined)[],
): HTMLElementTagNameMap[K];
export function el(
  tag: string,
  spec?: ElementSpec,
  children?: (Node | null | undefined)[],
): HTMLElement;
export function el(
  tag: string,
  spec: ElementSpec = {},
  children: (Node | null | undefined)[] = [],
): HTMLElement {
  const node = document.createElement(tag);
  if (spec.class) node.className = spec.class;
  for (const [name, value] of Object.entries(spec.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  if (spec.text !== undefined) node.textContent = spec.text;
  for (const child of children) if (child) node.append(child);
  return node;
}

/** A Fluent button with a click handler. */
export function button(
  text: string,
  onClick: () => void,
  attrs: Record<string, string | boolean | undefined> = {},
): HTMLElement {
  const b = el('fluent-button', { text, attrs });
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

/** Sets or clears a boolean attribute (Fluent components read `disabled` from the attribute). */
export function toggleAttr(node: Element, name: string, on: boolean): void {
  if (on) node.setAttribute(name, '');
  else node.removeAttribute(name);
}
