// What the desk's three parts share: the context they run in (token, who signed in, navigation, how a
// failure is told), the shape of a part, and small pieces of markup (a state chip, a table that turns into
// cards on a phone, a labelled select).
import type { Navigate } from '../pages/navigate';
import { h, uid } from '../lib/dom';
import type { DeskMe } from './api';

export interface DeskContext {
  token: string;
  me: DeskMe;
  go: Navigate;
  /**
   * Says what went wrong and returns the sentence: a refused token signs out (the sign-in form says why),
   * a 429 says how long to wait; anything else is "something went wrong: …".
   */
  fail: (err: unknown) => string;
  /** Announces a short message in the desk's status line (polite). */
  announce: (message: string) => void;
}

/** One part of the desk, ready to be put in the page. */
export interface DeskView {
  element: HTMLElement;
  /** where focus goes when the part was opened from the desk's navigation */
  heading: HTMLElement;
  dispose?: () => void;
}

/** A sentence for the next desk page (signed out, a request erased), shown once. */
let flash: { text: string; kind: 'info' | 'done' } | null = null;

export function flashNext(text: string, kind: 'info' | 'done' = 'done'): void {
  flash = { text, kind };
}

/** The sentence left for this page, if any; it is shown once. */
export function takeFlash(): { text: string; kind: 'info' | 'done' } | null {
  const f = flash;
  flash = null;
  return f;
}

/** A state in words, with a colour that only repeats them (`data-state` picks it). */
export function chip(state: string, text: string, testId?: string): HTMLElement {
  return h('span', { class: 'desk-chip', 'data-state': state, 'data-testid': testId }, text);
}

/** A heading that takes focus when its part is opened from the navigation. */
export function partHeading(text: string, id = uid('desk-h')): HTMLElement {
  return h('h2', { id, tabindex: '-1', class: 'desk-part__title' }, text);
}

/**
 * A table whose rows become cards below 48rem: every cell carries its column's name (`data-label`, shown by
 * CSS in card form), the first column is the card's title.
 */
export function cardTable(options: {
  caption: string;
  columns: string[];
  rows: HTMLTableRowElement[];
  testId?: string;
  className?: string;
}): HTMLElement {
  return h(
    'div',
    { class: 'desk-table-wrap' },
    h(
      'table',
      { class: `desk-table ${options.className ?? ''}`.trim(), 'data-testid': options.testId },
      h('caption', { class: 'visually-hidden' }, options.caption),
      h('thead', null, h('tr', null, options.columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, options.rows),
    ),
  );
}

/** A cell with its column's name for the card form. */
export function cell(label: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h('td', { 'data-label': label }, ...content);
}

/** A cell of buttons: in card form it takes the card's whole width, without its column's name. */
export function actionsCell(label: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  const td = cell(label, ...content);
  td.classList.add('desk-cell--actions');
  return td;
}

/** A labelled <select> whose options are [value, text] pairs. */
export function selectField(
  label: string,
  options: [string, string][],
  value: string,
  onchange: (value: string) => void,
  testId?: string,
): { element: HTMLElement; select: HTMLSelectElement } {
  const id = uid('desk-select');
  const select = h(
    'select',
    { id, class: 'input desk-select', 'data-testid': testId, onchange: () => onchange(select.value) },
    options.map(([v, text]) => h('option', { value: v, selected: v === value ? true : undefined }, text)),
  );
  select.value = value;
  return { element: h('div', { class: 'desk-field' }, h('label', { class: 'label', for: id }, label), select), select };
}

/**
 * A radio group drawn as a segmented control (the page's `.segmented`): one choice of a few, keyboard as
 * radios are (arrows move and choose).
 */
export function segmented(
  legend: string,
  options: [string, string][],
  value: string,
  onchange: (value: string) => void,
  testId?: string,
): HTMLFieldSetElement {
  const name = uid('desk-seg');
  return h(
    'fieldset',
    { class: 'segmented desk-segmented', 'data-testid': testId },
    h('legend', null, legend),
    options.map(([v, text]) =>
      h(
        'label',
        { class: 'segmented__option' },
        h('input', {
          type: 'radio',
          name,
          value: v,
          checked: v === value,
          'data-testid': testId ? `${testId}-${v}` : undefined,
          onchange: (e: Event) => {
            if ((e.target as HTMLInputElement).checked) onchange(v);
          },
        }),
        text,
      ),
    ),
  );
}
