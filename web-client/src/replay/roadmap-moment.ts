// The replay's roadmap panel: the roadmap as it stood at the moment shown (GET …/roadmap?at=S, which the
// screen fetches together with that moment's results): how many actions, votes and conclusions there were,
// the statements that had any in that moment's priority order with their actions (votes, status, horizon,
// owner) and conclusion, and the agreed actions by horizon. The blocks are the roadmap page's
// (roadmap/statements.ts) and the dashboard's timeline; nothing here can be changed.
import { setText } from '../facilitator/format';
import { timelineContent } from '../facilitator/roadmap-panel';
import type { Catalogue } from '../lib/api';
import { h, replaceChildren } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import { listedStatements } from '../lib/roadmap';
import type { RoadmapBody } from '../roadmap/api';
import { statementItem } from '../roadmap/statements';

export interface RoadmapMoment {
  element: HTMLElement;
  /** Shows the roadmap of a moment (nothing is redrawn when it did not change since the last one). */
  show(body: RoadmapBody): void;
  /** Says the moment's roadmap could not be loaded (the last one shown stays). */
  failed(message: string): void;
}

export function roadmapMoment(catalogue: Catalogue | null): RoadmapMoment {
  const summary = h('p', { class: 'replay__rm-summary', 'data-testid': 'replay-rm-summary' });
  const error = h('p', { class: 'ctl__error', role: 'status', 'data-testid': 'replay-rm-error' });
  const list = h('ol', { class: 'rm-list', 'data-testid': 'rm-list' });
  const none = h('p', { class: 'hint', 'data-testid': 'replay-rm-none' }, t('replay.rm.none'));
  const timeline = h('div', { class: 'rm-timeline replay__rm-timeline', 'data-testid': 'rm-timeline' });
  const element = h(
    'section',
    { class: 'card replay__roadmap', 'aria-labelledby': 'replay-rm-title', 'data-testid': 'replay-roadmap' },
    h('h2', { id: 'replay-rm-title' }, t('replay.rm.title')),
    h('p', { class: 'hint' }, t('replay.rm.intro')),
    summary,
    error,
    h('div', { class: 'replay__rm-body' }, h('div', { class: 'replay__rm-statements' }, list, none), timeline),
  );
  let drawn = '';

  return {
    element,
    show(body) {
      setText(error, '');
      const roadmap = body.roadmap;
      // what the shared pages show: neither merged duplicates nor actions the facilitator hid
      const open = roadmap.actions.filter((a) => a.mergedInto === null && !a.hidden);
      const votes = open.reduce((sum, a) => sum + a.votes, 0);
      const conclusions = Object.keys(roadmap.conclusions).length;
      element.dataset.seq = String(body.replay?.seq ?? '');
      element.dataset.actions = String(open.length);
      element.dataset.votes = String(votes);
      element.dataset.conclusions = String(conclusions);
      setText(summary, [plural('replay.rm.actions', open.length), plural('roadmap.votes', votes), plural('replay.rm.conclusions', conclusions)].join(' · '));
      const signature = JSON.stringify([roadmap.actions, roadmap.conclusions, roadmap.priorities, roadmap.explanations.length]);
      if (signature === drawn) return;
      drawn = signature;
      // only the statements that had something: at the start of a workshop that is none
      const statements = listedStatements(roadmap, 0);
      replaceChildren(list, statements.map((s, i) => statementItem(roadmap, catalogue, s, i)));
      list.hidden = statements.length === 0;
      none.hidden = statements.length > 0;
      replaceChildren(timeline, timelineContent(roadmap, true));
    },
    failed(message) {
      setText(error, t('replay.rm.error', { message }));
    },
  };
}
