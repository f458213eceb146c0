// The roadmap read-only, as the roadmap page and the replay's roadmap panel show it: one block per statement
// (rank, title, why it is there, the conclusion, its actions with votes, status, horizon and owner). The
// dashboard's panel (facilitator/roadmap-panel.ts) lends its chips and why-bars, so the three views word an
// action alike; hidden actions stay off these shared pages, as the facilitator took them off the phones.
import { actionChips, WhyBars } from '../facilitator/roadmap-panel';
import type { Catalogue } from '../lib/api';
import { h } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import { statementActions, type Roadmap, type RoadmapAction } from '../lib/roadmap';
import { shownText } from '../lib/roadmap-text';

function actionItem(action: RoadmapAction): HTMLElement {
  return h(
    'li',
    { class: 'rm-action', 'data-action': action.id, 'data-status': action.status, 'data-hidden': String(action.hidden) },
    h(
      'div',
      { class: 'rm-action__main' },
      h('p', { class: 'rm-action__text', 'data-testid': 'rm-action-text', 'data-erased': action.text === '' ? 'true' : null }, shownText(action.text)),
      h('p', { class: 'rm-action__meta' }, actionChips(action, false)),
      h('p', { class: 'rm-action__count', 'data-testid': 'rm-action-votes' }, plural('roadmap.votes', action.votes)),
    ),
  );
}

/** One statement's block; `index` is its place in the list (the rank shown). */
export function statementItem(roadmap: Roadmap, catalogue: Catalogue | null, statement: number, index: number): HTMLElement {
  const why = new WhyBars();
  why.update(roadmap.priorities.find((p) => p.statement === statement) ?? null);
  const title = catalogue?.statements.find((s) => s.id === statement)?.title ?? `#${statement}`;
  const conclusion = roadmap.conclusions[statement];
  const actions = statementActions(roadmap, statement).filter((a) => !a.hidden);
  return h(
    'li',
    { class: 'rm-stmt', 'data-statement': statement, 'data-actions': actions.length },
    h(
      'div',
      { class: 'rm-stmt__head' },
      h('span', { class: 'rm-stmt__rank', 'aria-hidden': 'true' }, String(index + 1)),
      h('div', { class: 'rm-stmt__titles' }, h('h3', { class: 'rm-stmt__title' }, `${statement}. ${title}`), why.element, why.label),
    ),
    conclusion !== undefined
      ? h('p', { class: 'rm-conclusion', 'data-testid': 'rm-conclusion' }, h('span', { class: 'visually-hidden' }, `${t('roadmap.conclusion')}: `), shownText(conclusion))
      : '',
    actions.length
      ? h('ul', { class: 'rm-actions', 'data-testid': 'rm-actions' }, actions.map(actionItem))
      : h('p', { class: 'hint rm-none' }, t('rm.noActions')),
  );
}
