// Where the participant is in the assessment: one statement (kept in the address as ?s=N, so a reload comes
// back to it) or the overview of all 21; going to a statement; and the pager below a statement: previous,
// overview, next (in the solo assessment, on to the result after the last one).
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { STATEMENT_COUNT } from '../lib/protocol';
import type { Notices } from './notices';

export class Navigation {
  view: 'statement' | 'overview' = 'statement';
  /** the statement shown; 0 until the first render picks the first one not answered */
  current = initialStatement();
  /** a statement in the address when the page opened: the participant was somewhere already (a reload) */
  readonly openedAt = this.current;
  /** the next render moves the keyboard focus to the page's heading (and the page to its top) */
  focusHeadingNext = false;

  constructor(
    private readonly notices: Notices,
    private readonly render: () => void,
  ) {}

  goTo(statement: number): void {
    this.current = Math.min(STATEMENT_COUNT, Math.max(1, statement));
    this.view = 'statement';
    this.notices.announce('');
    this.notices.tellMoved();
    this.writeAddress();
    this.focusHeadingNext = true;
    this.render();
  }

  showOverview(): void {
    this.view = 'overview';
    this.focusHeadingNext = true;
    this.render();
  }

  /** The statement in the URL, so a reload comes back to it (the URL holds no secret). */
  writeAddress(): void {
    history.replaceState(null, '', `${window.location.pathname}?s=${this.current}`);
  }

  /** Writes the address when a statement is shown and the address names another. */
  keepAddress(): void {
    if (this.view === 'statement' && new URLSearchParams(window.location.search).get('s') !== String(this.current)) {
      this.writeAddress();
    }
  }
}

function initialStatement(): number {
  const s = Number(new URLSearchParams(window.location.search).get('s'));
  return Number.isInteger(s) && s >= 1 && s <= STATEMENT_COUNT ? s : 0;
}

export function pager(nav: Navigation, allDone: boolean, mode: 'workshop' | 'solo', go: (path: string) => void): HTMLElement {
  const solo = mode === 'solo';
  const last = nav.current === STATEMENT_COUNT;
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('statement.overview') },
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn--ghost',
        disabled: nav.current === 1,
        'data-key': 'prev',
        onclick: () => nav.goTo(nav.current - 1),
      },
      h('span', { 'aria-hidden': 'true' }, '‹ '),
      t('statement.previous'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn--ghost',
        'data-key': 'overview',
        onclick: () => nav.showOverview(),
      },
      t('statement.overview'),
    ),
    solo && (last || allDone)
      ? h(
          'button',
          { type: 'button', class: 'btn btn--primary', 'data-key': 'result', onclick: () => go('/results/solo') },
          t('solo.toResult'),
        )
      : h(
          'button',
          {
            type: 'button',
            class: 'btn btn--primary',
            disabled: last,
            'data-key': 'next',
            onclick: () => nav.goTo(nav.current + 1),
          },
          t('statement.next'),
          h('span', { 'aria-hidden': 'true' }, ' ›'),
        ),
  );
}
