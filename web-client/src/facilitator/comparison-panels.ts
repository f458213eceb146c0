// Two comparison tables: round 1 beside the latest round (means, gap and consensus, with the change in
// words), shown from round 2 on; and this session's means beside the own municipality's average.
import { h, replaceChildren } from '../lib/dom';
import { t } from '../lib/i18n';
import { consensusLevel, municipalityComparison, roundComparison } from './analysis';
import { consensusWord, fmt, fmtSigned, setText } from './format';
import { currentRound } from './model';
import { statementTitle, type DashView, type Panel } from './view';

const th = (text: string, cls = 'num') => h('th', { scope: 'col', class: cls }, text);

export function roundsPanel(): Panel {
  const heading = h('h2', { id: 'rounds-title' });
  const body = h('tbody');
  let signature = '';
  const element = h(
    'section',
    { class: 'card dash__rounds', 'aria-labelledby': 'rounds-title', 'data-testid': 'rounds' },
    heading,
    h('div', { class: 'table-wrap' }, h('table', { class: 'scores' }, h('thead', { 'data-head': '' }), body)),
  );
  const thead = element.querySelector('thead')!;
  return {
    element,
    update(view: DashView) {
      const rows = roundComparison(view.model.rounds);
      element.hidden = rows.length === 0;
      if (rows.length === 0) return;
      const latest = view.model.rounds.length;
      const sig = JSON.stringify([rows, view.catalogue?.language]);
      if (sig === signature) return;
      signature = sig;
      setText(heading, t('dash.rounds.title', { n: latest }));
      const r1 = t('dash.round', { n: 1 });
      const rn = t('dash.round', { n: latest });
      replaceChildren(
        thead,
        h(
          'tr',
          null,
          th(t('dash.col.statement'), ''),
          th(`${t('dash.gapShort')} · ${r1}`),
          th(`${t('dash.gapShort')} · ${rn}`),
          th(`${t('dash.consensus')} · ${r1}`),
          th(`${t('dash.consensus')} · ${rn}`),
          th(t('dash.rounds.change'), ''),
        ),
      );
      replaceChildren(
        body,
        rows.map((r) => {
          const change = r.consensusChange;
          const word =
            change === null ? '' : change > 0.005 ? t('dash.rounds.closer') : change < -0.005 ? t('dash.rounds.apart') : t('dash.rounds.same');
          return h(
            'tr',
            { 'data-statement': r.statement },
            h('th', { scope: 'row' }, `${r.statement}. ${statementTitle(view, r.statement)}`),
            h('td', null, fmtSigned(r.first.gap)),
            h('td', null, fmtSigned(r.latest.gap)),
            h('td', null, r.first.consensus === null ? '–' : `${fmt(r.first.consensus, 2)} ${consensusWord(consensusLevel(r.first.consensus))}`),
            h('td', null, r.latest.consensus === null ? '–' : `${fmt(r.latest.consensus, 2)} ${consensusWord(consensusLevel(r.latest.consensus))}`),
            h('td', { class: 'txt' }, change === null ? '–' : `${fmtSigned(change, 2)} ${word}`),
          );
        }),
      );
    },
  };
}

export function municipalityPanel(): Panel {
  const heading = h('h2', { id: 'muni-title' });
  const note = h('p', { class: 'hint' });
  const none = h('p', { class: 'hint' }, t('dash.muni.none'));
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'scores', 'data-testid': 'municipality-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th(t('dash.col.statement'), ''),
        th(`${t('aspect.current.short')} · ${t('dash.muni.session')}`),
        th(`${t('aspect.current.short')} · ${t('dash.muni.average')}`),
        th(`${t('aspect.desired.short')} · ${t('dash.muni.session')}`),
        th(`${t('aspect.desired.short')} · ${t('dash.muni.average')}`),
        th(t('dash.muni.respondents')),
      ),
    ),
    body,
  );
  let signature = '';
  const element = h(
    'section',
    { class: 'card dash__muni', 'aria-labelledby': 'muni-title', 'data-testid': 'municipality' },
    heading,
    note,
    none,
    h('div', { class: 'table-wrap' }, table),
  );
  return {
    element,
    update(view: DashView) {
      setText(heading, t('dash.muni.title', { name: view.municipalityName }));
      setText(note, t('dash.muni.note', { name: view.municipalityName }));
      const has = !!view.model.average && view.model.average.respondents > 0;
      none.hidden = has;
      table.hidden = !has;
      if (!has) return;
      const rows = municipalityComparison(currentRound(view.model), view.model.average);
      const sig = JSON.stringify([rows, view.catalogue?.language]);
      if (sig === signature) return;
      signature = sig;
      replaceChildren(
        body,
        rows.map((r) =>
          h(
            'tr',
            { 'data-statement': r.statement },
            h('th', { scope: 'row' }, `${r.statement}. ${statementTitle(view, r.statement)}`),
            h('td', null, fmt(r.session.current)),
            h('td', null, fmt(r.municipality.current)),
            h('td', null, fmt(r.session.desired)),
            h('td', null, fmt(r.municipality.desired)),
            h('td', null, String(r.municipality.respondents)),
          ),
        ),
      );
    },
  };
}
