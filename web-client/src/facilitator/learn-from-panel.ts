// "Van wie kunnen we leren?": for the group's largest gaps, the municipalities whose average now already
// reaches the group's ambition, with their respondents (GET …/learn-from?lang=, the reports' rule). Fetched
// when the dashboard opens (and so after a language switch, which mounts it again) and again when the results
// change, at most once every 30 s: the answer moves slowly and the server computes it over every municipality.
import { fetchLearnFrom } from '../baseline/api';
import { bplural, bt, Throttle, type LearnRow } from '../baseline/logic';
import { h, replaceChildren } from '../lib/dom';
import { language } from '../lib/i18n';
import { fmt, setText } from './format';
import { currentRound } from './model';
import type { DashView, Panel } from './view';

/** At most one refetch per this many milliseconds. */
export const LEARN_FROM_INTERVAL_MS = 30_000;

export function learnFromPanel(sessionId: string, token: string): Panel {
  let rows: LearnRow[] | null = null;
  let error: string | null = null;
  let updated: number | null = null;
  let resultsSignature: string | null = null;
  let inflight: AbortController | null = null;
  let destroyed = false;
  let signature = '';

  const heading = h('h2', { id: 'learn-title' }, bt('bl.learn.title'));
  const intro = h('p', { class: 'hint' }, bt('bl.learn.intro'));
  const state = h('p', { class: 'hint', 'data-testid': 'learn-state' });
  const list = h('ol', { class: 'learn', 'data-testid': 'learn-list' });
  const stamp = h('p', { class: 'hint learn__stamp' });
  const element = h(
    'section',
    { class: 'card dash__learn', 'aria-labelledby': 'learn-title', 'data-testid': 'learn-panel' },
    heading,
    intro,
    state,
    list,
    stamp,
  );

  const load = () => {
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    fetchLearnFrom(sessionId, token, language(), controller.signal).then(
      (r) => {
        if (controller.signal.aborted || destroyed) return;
        rows = r;
        error = null;
        updated = Date.now();
        render();
      },
      (err: unknown) => {
        if (controller.signal.aborted || destroyed) return;
        error = bt('bl.learn.failed', { message: err instanceof Error ? err.message : String(err) });
        render();
      },
    );
  };
  const throttle = new Throttle(load, LEARN_FROM_INTERVAL_MS);

  function render(): void {
    setText(state, rows === null ? (error ?? bt('bl.learn.loading')) : rows.length === 0 ? bt('bl.learn.empty') : (error ?? ''));
    state.hidden = state.textContent === '';
    stamp.hidden = updated === null;
    if (updated !== null) {
      const time = new Intl.DateTimeFormat(language() === 'nl' ? 'nl-NL' : 'en-GB', { timeStyle: 'short' }).format(new Date(updated));
      setText(stamp, bt('bl.learn.updated', { time }));
    }
    const sig = JSON.stringify(rows);
    if (sig === signature) return;
    signature = sig;
    replaceChildren(
      list,
      (rows ?? []).map((r) =>
        h(
          'li',
          { class: 'learn__item', 'data-statement': r.statement },
          h('p', { class: 'learn__title' }, `${r.statement}. ${r.title}`),
          h('p', { class: 'learn__group' }, bt('bl.learn.group', { now: fmt(r.now), ambition: fmt(r.ambition) })),
          r.peers.length === 0
            ? h('p', { class: 'hint learn__nobody' }, bt('bl.learn.nobody'))
            : h(
                'ul',
                { class: 'learn__peers' },
                r.peers.map((p) => h('li', { class: 'learn__peer' }, bplural('bl.learn.peer', p.respondents, { name: p.name, now: fmt(p.now) }))),
              ),
        ),
      ),
    );
  }

  return {
    element,
    update(view: DashView) {
      if (!view.model.session) {
        render();
        return;
      }
      // the group's figures changed (answers came or went): ask again, at most once per interval
      const round = currentRound(view.model);
      const sig = round ? round.statements.map((s) => `${s.current.n}:${s.current.mean ?? ''}:${s.desired.n}:${s.desired.mean ?? ''}`).join('|') : '';
      if (resultsSignature === null) {
        resultsSignature = sig;
        throttle.now();
      } else if (sig !== resultsSignature) {
        resultsSignature = sig;
        throttle.request();
      }
      if (rows === null && error === null) render();
    },
    destroy() {
      destroyed = true;
      throttle.cancel();
      inflight?.abort();
    },
  };
}
