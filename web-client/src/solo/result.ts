// /results/solo — the solo result: a radar chart of current against desired (per statement or per theme)
// and the same numbers in a table. Shown from the cached model at once, refreshed from the server. Under
// them, the comparison with an earlier assessment (baseline.ts, loaded on demand): "Sinds uw vorige
// zelfevaluatie" once one is chosen, else the offer of the browser's earlier solos and a pasted review link.
import { fetchCatalogue, type Catalogue } from '../lib/api';
import { browserConnection } from '../lib/browser-connection';
import { h, replaceChildren } from '../lib/dom';
import { formatNumber, language, onLanguageChange, plural, t } from '../lib/i18n';
import { applyConfirmed, applySnapshot, applyUpdate, effectiveAnswers, emptyModel, progressOf, type ParticipantModel } from '../lib/state';
import { browserStore, keys, readJson, writeJson } from '../lib/storage';
import type { SoloBaselineSection } from './baseline';
import { answeredCount, rememberSolo } from './history';
import { reportPanel } from './report-panel';
import { statementRows, themeRows, type ScoreRow } from './scores';
import { currentSolo } from './start';

type Grouping = 'statement' | 'theme';

export function renderSoloResult(main: HTMLElement): () => void {
  const store = browserStore();
  const solo = currentSolo(store);
  if (!solo) {
    main.append(
      h('h1', null, t('result.title')),
      h('p', null, t('result.none')),
      h('p', null, h('a', { href: '/solo', class: 'btn btn--primary' }, t('landing.solo.start'))),
    );
    return () => {};
  }
  const creds = readJson<{ token: string }>(store, keys.participant(solo.session_id));
  let model: ParticipantModel = readJson<ParticipantModel>(store, keys.model(solo.session_id)) ?? emptyModel;
  let grouping: Grouping = 'statement';
  let catalogue: Catalogue | null = null;
  let chart: { destroy: () => void } | null = null;
  let disposed = false;
  // the comparison with an earlier assessment: its own chunk, placed here once loaded, kept across renders
  const baselineHost = h('div', { class: 'sb-host' });
  let baseline: SoloBaselineSection | null = null;

  const { connection, dispose } = browserConnection(store, {
    snapshot: (msg) => {
      model = applySnapshot(model, msg);
      writeJson(store, keys.model(solo.session_id), model);
      baseline?.sync(model.session);
      void render();
    },
    // the session's baseline changes by the respondent's own choice (from this page or the questionnaire)
    update: (msg) => {
      model = applyUpdate(model, msg);
      writeJson(store, keys.model(solo.session_id), model);
      baseline?.sync(model.session);
    },
    confirmed: (entry) => {
      model = applyConfirmed(model, entry.command);
      writeJson(store, keys.model(solo.session_id), model);
      baseline?.settled(entry, null);
    },
    rejected: (entry, code) => {
      baseline?.settled(entry, code);
    },
  });
  if (creds) {
    connection.attach({ role: 'participant', session_id: solo.session_id, token: creds.token }, model.seq);
    void import('./baseline').then(({ SoloBaselineSection }) => {
      if (disposed) return;
      baseline = new SoloBaselineSection({
        store,
        sessionId: solo.session_id,
        participantToken: creds.token,
        municipality: solo.municipality,
        send: (command) => connection.command(command),
        waiting: () => connection.waiting(),
      });
      baselineHost.append(baseline.element);
      baseline.sync(model.session);
    });
  }

  // opens at the top, whatever the questionnaire before it was scrolled to
  window.scrollTo(0, 0);
  let renders = 0;
  async function render(): Promise<void> {
    const mine = ++renders;
    catalogue = await fetchCatalogue(language());
    if (disposed || mine !== renders) return;
    const answers = effectiveAnswers(model, connection.waiting());
    const rows: ScoreRow[] = grouping === 'statement' ? statementRows(catalogue, answers) : themeRows(catalogue, answers);
    const progress = progressOf(answers);
    // what a later solo may compare with: how much of this one is answered
    if (model.session) rememberSolo(store, solo!, { answered: answeredCount(answers) });
    const canvas = h('canvas', { role: 'img', 'aria-label': t('result.chartLabel'), 'data-testid': 'radar' });
    const toggle = h(
      'fieldset',
      { class: 'segmented' },
      h('legend', null, t('result.view')),
      (['statement', 'theme'] as const).map((g) =>
        h(
          'label',
          { class: 'segmented__option' },
          h('input', {
            type: 'radio',
            name: 'grouping',
            value: g,
            checked: grouping === g,
            'data-key': `grouping-${g}`,
            onchange: () => {
              grouping = g;
              void render();
            },
          }),
          h('span', null, t(g === 'statement' ? 'result.perStatement' : 'result.perTheme')),
        ),
      ),
    );
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
    chart?.destroy();
    chart = null;
    replaceChildren(
      main,
      h('h1', null, t('result.title')),
      h('p', { class: 'lead' }, t('result.municipality', { name: solo!.municipality.name })),
      progress.complete < progress.total
        ? h('p', { class: 'banner banner--info' }, plural('solo.incomplete', progress.total - progress.complete))
        : null,
      toggle,
      h('div', { class: 'radar' }, canvas),
      // focusable, so keyboard users can scroll it on a narrow screen
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('result.table') }, table(rows)),
      creds ? baselineHost : null,
      creds ? reportPanel({ sessionId: solo!.session_id, token: creds.token, municipality: solo!.municipality.code }) : null,
      h(
        'p',
        { class: 'actions' },
        h('a', { href: '/solo', class: 'btn btn--secondary' }, t('result.continue')),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn--ghost',
            onclick: () => {
              if (!window.confirm(t('solo.restartConfirm'))) return;
              // the history keeps it (and its key): the next solo may compare with it
              rememberSolo(store, solo!, { answered: answeredCount(effectiveAnswers(model, connection.waiting())) });
              store.removeItem(keys.currentSolo());
              window.location.assign('/solo');
            },
          },
          t('solo.restart'),
        ),
      ),
    );
    if (focused) main.querySelector<HTMLElement>(`[data-key="${focused}"]`)?.focus();
    const { drawRadar } = await import('./radar');
    if (disposed || mine !== renders || !canvas.isConnected) return;
    chart = drawRadar(canvas, rows, { current: t('aspect.current'), desired: t('aspect.desired') });
    canvas.dataset.ready = 'true';
  }

  function table(rows: ScoreRow[]): HTMLElement {
    const num = (v: number | null, digits: number) => (v === null ? '–' : formatNumber(v, digits));
    const digits = grouping === 'statement' ? 0 : 1;
    return h(
      'table',
      { class: 'scores', 'data-testid': 'scores' },
      h('caption', null, t('result.table')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t(grouping === 'statement' ? 'result.statement' : 'result.theme')),
          h('th', { scope: 'col' }, t('aspect.current.short')),
          h('th', { scope: 'col' }, t('aspect.desired.short')),
          h('th', { scope: 'col' }, t('result.gap')),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, r.label),
            h('td', null, num(r.current, digits)),
            h('td', null, num(r.desired, digits)),
            h('td', null, r.gap === null ? '–' : (r.gap > 0 ? '+' : '') + formatNumber(r.gap, digits)),
          ),
        ),
      ),
    );
  }

  const offLanguage = onLanguageChange(() => {
    baseline?.relabel();
    void render();
  });
  void render();
  return () => {
    disposed = true;
    baseline?.dispose();
    chart?.destroy();
    offLanguage();
    dispose();
  };
}
