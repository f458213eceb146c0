// Where the discussion should go: the statements that combine a large gap with little consensus first, and
// beside it the server's two rankings (largest gap, least consensus), each a numbered list of buttons.
import { h, replaceChildren } from '../lib/dom';
import { t } from '../lib/i18n';
import { discussionRanking, leastConsensus } from './analysis';
import { consensusText, fmtSigned } from './format';
import { currentRound } from './model';
import { statementTitle, type DashActions, type DashView, type Panel } from './view';

const TOP = 5;

export function rankingPanel(actions: DashActions): Panel {
  const combined = h('ol', { class: 'rank rank--main', 'data-testid': 'ranking' });
  const byGap = h('ol', { class: 'rank', 'data-testid': 'ranking-gap' });
  const byDis = h('ol', { class: 'rank', 'data-testid': 'ranking-disagreement' });
  const empty = h('p', { class: 'hint' }, t('dash.ranking.empty'));
  const noDisagreement = h('p', { class: 'hint rank__none', 'data-testid': 'ranking-disagreement-none' }, t('dash.ranking.noDisagreement'));
  let signature = '';
  const item = (view: DashView, statement: number, detail: string) =>
    h(
      'li',
      { 'data-statement': statement },
      h(
        'button',
        { type: 'button', class: 'rank__item', onclick: () => actions.select(statement, true) },
        h('span', { class: 'rank__title' }, `${statement}. ${statementTitle(view, statement)}`),
        h('span', { class: 'rank__detail' }, detail),
      ),
    );
  const element = h(
    'section',
    { class: 'card dash__ranking', 'aria-labelledby': 'ranking-title' },
    h('h2', { id: 'ranking-title' }, t('dash.ranking.title')),
    h('p', { class: 'hint' }, t('dash.ranking.intro')),
    empty,
    h('h3', { class: 'rank__head' }, t('dash.ranking.combined')),
    combined,
    h(
      'div',
      { class: 'rank__pair' },
      h('div', null, h('h3', { class: 'rank__head' }, t('dash.ranking.byGap')), byGap),
      h('div', null, h('h3', { class: 'rank__head' }, t('dash.ranking.byDisagreement')), byDis, noDisagreement),
    ),
  );
  return {
    element,
    update(view: DashView) {
      const summary = currentRound(view.model)?.summary ?? null;
      const items = discussionRanking(summary, TOP);
      const gaps = summary?.byGap.slice(0, TOP) ?? [];
      // only statements without high consensus: with few answers the server ranks unanimous ones too
      const dis = leastConsensus(summary, TOP);
      // the lists are short; rebuild them only when what they say changed
      const sig = JSON.stringify([items, gaps, dis, view.catalogue?.language]);
      if (sig === signature) return;
      signature = sig;
      empty.hidden = items.length > 0;
      noDisagreement.hidden = items.length === 0 || dis.length > 0;
      replaceChildren(
        combined,
        items.map((x) => item(view, x.statement, t('dash.ranking.item', { gap: fmtSigned(x.gap), consensus: consensusText(x.consensus, x.aspect) }))),
      );
      replaceChildren(byGap, gaps.map((x) => item(view, x.statement, `${t('dash.gapShort')} ${fmtSigned(x.gap)}`)));
      replaceChildren(byDis, dis.map((x) => item(view, x.statement, consensusText(x.consensus, x.aspect))));
    },
  };
}
