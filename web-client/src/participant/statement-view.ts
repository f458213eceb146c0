// One statement of the assessment: its theme and text, current and desired as level choices, a closed
// statement's banner pointing to where the group is, the group's answers once revealed, "all done" and the
// pager below it.
import type { Catalogue } from '../lib/api';
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { ASPECTS, STATEMENT_COUNT, type Aspect } from '../lib/protocol';
import { isOpen, nextUnanswered, openElsewhere, resultFor, type EffectiveAnswer, type ParticipantModel } from '../lib/state';
import { distributionChart } from '../components/distribution';
import { levelChoice } from '../components/level-choice';
import type { Navigation } from './navigation';

export interface StatementViewContext {
  model: ParticipantModel;
  nav: Navigation;
  mode: 'workshop' | 'solo';
  /** the participant chose a level */
  choose(statement: number, aspect: Aspect, level: number): void;
  /** the question about an ambition below now, or null */
  lowerAsk(statement: number, answer: EffectiveAnswer): HTMLElement | null;
  pager(allDone: boolean): HTMLElement;
  /** the roadmap dialogue on this statement (a workshop's), placed between the statement and the pager */
  roadmap?: HTMLElement | null;
}

export function statementCard(cat: Catalogue, answers: Record<number, EffectiveAnswer>, ctx: StatementViewContext): HTMLElement {
  const { model, nav } = ctx;
  const s = cat.statements.find((x) => x.id === nav.current);
  const theme = cat.themes.find((x) => x.id === s?.theme);
  const answer = answers[nav.current] ?? { current: null, desired: null, pending: { current: false, desired: false } };
  const open = isOpen(model, nav.current);
  const locked = !!model.session && !model.session.closed && !model.removed && !open;
  const result = resultFor(model, nav.current);
  const allDone = nextUnanswered(model, answers) === null;

  return h(
    'div',
    { class: 'card-stack' },
    h(
      'section',
      { class: 'statement', 'aria-labelledby': 'statement-title', 'data-statement': nav.current },
      h(
        'p',
        { class: 'eyebrow' },
        t('statement.of', { n: nav.current, total: STATEMENT_COUNT }),
        theme ? ` · ${theme.name}` : '',
      ),
      h('h1', { id: 'statement-title', class: 'statement__title' }, s?.title ?? ''),
      h('p', { class: 'statement__text' }, s?.statement ?? ''),
      locked ? lockedBanner(model, nav) : null,
      h('p', { class: 'hint' }, t('level.cumulativeHint')),
      ASPECTS.map((aspect) =>
        levelChoice({
          catalogue: cat,
          statement: nav.current,
          aspect,
          value: answer[aspect],
          pending: answer.pending[aspect],
          disabled: !open,
          onChoose: (level) => ctx.choose(nav.current, aspect, level),
          note: aspect === 'desired' && open ? ctx.lowerAsk(nav.current, answer) : null,
        }),
      ),
      result
        ? h(
            'section',
            { class: 'group-results', 'aria-labelledby': 'group-title' },
            h('h2', { id: 'group-title' }, t('results.title')),
            h(
              'div',
              { class: 'group-results__charts' },
              distributionChart('current', result.current, answer.current),
              distributionChart('desired', result.desired, answer.desired),
            ),
          )
        : null,
      allDone && ctx.mode === 'workshop' && !model.removed
        ? h('p', { class: 'banner banner--done', role: 'status' }, t('participant.done'))
        : null,
    ),
    ctx.roadmap ?? null,
    ctx.pager(allDone),
  );
}

/** A closed statement says where the group is: the open statement(s), the facilitator's focus first. */
function lockedBanner(model: ParticipantModel, nav: Navigation): HTMLElement {
  const elsewhere = openElsewhere(model, nav.current);
  const shown = elsewhere.slice(0, 3);
  const text =
    elsewhere.length === 0
      ? t('statement.locked')
      : elsewhere.length === 1
        ? t('statement.lockedGoOne', { n: elsewhere[0]! })
        : t('statement.lockedGo');
  return h(
    'div',
    { class: 'banner banner--lock', 'data-testid': 'locked' },
    h('p', { class: 'banner__text' }, h('span', { 'aria-hidden': 'true' }, '🔒 '), text),
    shown.length
      ? h(
          'p',
          { class: 'banner__actions' },
          shown.map((n, i) =>
            h(
              'button',
              {
                type: 'button',
                class: `btn ${i === 0 ? 'btn--primary' : 'btn--secondary'}`,
                'data-key': `go-open-${n}`,
                'data-testid': 'go-open',
                onclick: () => nav.goTo(n),
              },
              t('statement.goTo', { n }),
            ),
          ),
        )
      : null,
  );
}
