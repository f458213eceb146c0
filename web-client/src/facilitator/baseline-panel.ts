// The re-assessment on the dashboard (docs/protocol.md, "Re-assessment: a baseline"). Without a baseline: the
// earlier sessions of the municipality the server offers (GET …/baseline-candidates: title, date,
// participants), each with "Kiezen", and a form for another session by its review link (id and key are read
// from it) or code and key; choosing sends `choose_baseline`, a refusal is said in words. With one: "Sinds de
// nulmeting", per theme and per statement now and ambition then → today with the change (today moves live), the
// baseline's agreed actions with where each stands now (`review_baseline_action`, reflecting
// session.baseline.reviews), "Nulmeting op de muur", another baseline, and "Nulmeting verwijderen"
// (`remove_baseline`, asked first). Rows are made once and patched, so live frames keep keyboard focus.
import { fetchCandidates } from '../baseline/api';
import { sinceCell } from '../baseline/since-cell';
import {
  actionTally,
  baselineErrorText,
  bplural,
  bt,
  chooseFromPaste,
  formatDay,
  largestMoves,
  REVIEW_STATUSES,
  type BaselineAction,
  type Candidate,
  type ReviewStatus,
  type Since,
  type StatementSince,
  trendBackKey,
  trendKey,
} from '../baseline/logic';
import { h, replaceChildren, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import { isHorizon } from '../lib/roadmap';
import { confirmInPlace, controlButton, type ControlButton } from './control-button';
import { setAttr, setText } from './format';
import type { PendingControls } from './pending';
import { statementTitle, type DashActions, type DashView, type Panel } from './view';

/** How many statements the "moved most" table shows before "all 21". */
const MOVERS = 6;

export interface BaselinePanelOptions {
  sessionId: string;
  token: string;
  /** the municipality's CBS code, for the link to its trend page */
  municipality: string;
}

/** One action of the baseline: its words, then and now, and (for the facilitator) where it stands now. */
class ActionRow {
  readonly element: HTMLLIElement;
  private readonly text = h('p', { class: 'bl-action__text', 'data-testid': 'bl-action-text' });
  private readonly meta = h('p', { class: 'bl-action__meta' });
  private readonly nowChip = h('span', { class: 'rm-chip bl-action__now', 'data-testid': 'bl-action-now' });
  private readonly busy = h('span', { class: 'bl-action__busy' });
  private readonly error = h('p', { class: 'ctl__error', role: 'alert' });
  private readonly group: HTMLElement;
  private readonly buttons = new Map<ReviewStatus, HTMLButtonElement>();

  constructor(
    readonly actionId: string,
    private readonly actions: DashActions,
  ) {
    const groupLabel = uid('bl-review');
    this.group = h('div', { class: 'bl-review dash__control', role: 'group', 'aria-labelledby': groupLabel });
    this.group.append(h('span', { class: 'visually-hidden', id: groupLabel }));
    for (const status of REVIEW_STATUSES) {
      const b = h('button', { type: 'button', class: 'btn btn--ghost btn--small bl-review__btn', 'data-status': status, 'aria-pressed': 'false' }, bt(`bl.status.${status}`));
      b.addEventListener('click', () => {
        if (b.getAttribute('aria-disabled') === 'true' || b.getAttribute('aria-pressed') === 'true') return;
        this.actions.send(`baseline:review:${this.actionId}`, [{ type: 'review_baseline_action', action_id: this.actionId, status }]);
      });
      this.buttons.set(status, b);
      this.group.append(b);
    }
    this.group.append(this.busy);
    this.element = h(
      'li',
      { class: 'bl-action', 'data-action': actionId },
      h('div', { class: 'bl-action__body' }, this.text, this.meta),
      h('div', { class: 'bl-action__side' }, this.nowChip, this.group),
      this.error,
    );
  }

  update(view: DashView, a: BaselineAction, pending: PendingControls, closed: boolean): void {
    const words = a.text ?? bt('bl.actions.removedText');
    setText(this.text, `${a.statement}. ${words}`);
    this.text.title = statementTitle(view, a.statement);
    const parts = [
      a.owner ? bt('bl.actions.owner', { owner: a.owner }) : t('rm.owner.none'),
      isHorizon(a.horizon) ? t(`roadmap.horizon.${a.horizon}`) : t('roadmap.horizon.none'),
      bt('bl.actions.then', { status: bt(`bl.status.${a.then}`) }),
    ];
    setText(this.meta, parts.join(' · '));
    this.element.dataset.status = a.now;
    this.element.dataset.reviewed = String(a.reviewed);
    this.nowChip.dataset.status = a.now;
    setText(this.nowChip, `${bt('bl.actions.now')}: ${bt(`bl.status.${a.now}`)}${a.reviewed ? '' : ` (${bt('bl.actions.unreviewed')})`}`);
    setText(this.group.firstElementChild!, bt('bl.actions.nowLabel', { text: words }));
    const key = `baseline:review:${this.actionId}`;
    const waiting = pending.isPending(key);
    for (const [status, b] of this.buttons) {
      setAttr(b, 'aria-pressed', String(a.reviewed && a.now === status));
      setAttr(b, 'aria-disabled', waiting || closed ? 'true' : null);
    }
    setAttr(this.group, 'aria-busy', waiting ? 'true' : null);
    setText(this.busy, waiting ? bt('bl.pending') : '');
    const err = pending.error(key);
    setText(this.error, err ? t('dash.failed', { reason: baselineErrorText(err.code) }) : '');
  }
}

/** One row of a "then → today" table: statement or theme, now and ambition. */
interface SinceRow {
  tr: HTMLTableRowElement;
  head: HTMLElement;
  current: HTMLTableCellElement;
  desired: HTMLTableCellElement;
}

function patchCell(cell: HTMLTableCellElement, s: Since): HTMLTableCellElement {
  const next = sinceCell(s, cell.className);
  if (next.dataset.then === cell.dataset.then && next.dataset.today === cell.dataset.today && next.textContent === cell.textContent) return cell;
  cell.replaceWith(next);
  return next;
}

export function baselinePanel(actions: DashActions, opts: BaselinePanelOptions): Panel {
  let last: DashView | null = null;
  let candidates: { minRespondents: number; sessions: Candidate[] } | null = null;
  let candidatesError: string | null = null;
  let candidatesLoading = false;
  let chooserOpen = false;
  let showAll = false;
  let wasChosen: string | null = null;
  let focusHeadingNext = false;
  const rows = new Map<string, ActionRow>();
  const statementRows = new Map<number, SinceRow>();
  const themeRows = new Map<string, SinceRow>();

  // --- the top: title, which baseline, links and controls ---------------------------------------------
  const heading = h('h2', { id: 'baseline-title', tabindex: '-1' });
  const of = h('p', { class: 'bl-of', 'data-testid': 'baseline-of' });
  const status = h('p', { class: 'visually-hidden', role: 'status', 'data-testid': 'baseline-status' });
  let code = opts.municipality;
  const trendLink = h('a', { class: 'btn btn--secondary btn--small', 'data-testid': 'trend-link', href: `/trend/${encodeURIComponent(code)}` });
  trendLink.addEventListener('click', () => {
    // the trend page opens with this workshop's key, in this tab only
    try {
      sessionStorage.setItem(trendKey(code), opts.token);
      sessionStorage.setItem(trendBackKey(code), `/f/${encodeURIComponent(opts.sessionId)}`);
    } catch {
      /* no sessionStorage: the page asks for a key */
    }
  });
  const wallButton = h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'data-testid': 'baseline-wall' });
  wallButton.addEventListener('click', () => actions.setWall?.(last?.wall === 'baseline' ? 'results' : 'baseline'));
  const otherButton = h('button', { type: 'button', class: 'btn btn--ghost btn--small', 'aria-expanded': 'false', 'data-testid': 'baseline-other' });
  otherButton.addEventListener('click', () => {
    chooserOpen = !chooserOpen;
    if (chooserOpen) loadCandidates();
    if (last) update(last);
    if (chooserOpen) chooser.querySelector<HTMLElement>('h3')?.focus();
  });
  const removeHost = h('span', { class: 'bl-remove' });
  const remove: ControlButton = controlButton(
    'btn--small btn--danger-outline',
    (button) =>
      confirmInPlace(removeHost, button, bt('bl.since.removeConfirm'), () => {
        focusHeadingNext = true;
        errorAt = 'remove';
        actions.send('baseline:remove', [{ type: 'remove_baseline' }]);
      }, 'baseline-remove-confirm'),
    'baseline-remove',
  );
  removeHost.append(remove.element);
  const links = h('div', { class: 'bl-top__links' }, trendLink, h('span', { class: 'dash__control bl-top__controls' }, wallButton, otherButton, removeHost));
  const intro = h('p', { class: 'hint bl-intro' });
  const loadState = h('p', { class: 'bl-load', 'data-testid': 'baseline-load' });

  // --- the chooser: candidates and a pasted link ------------------------------------------------------
  const candTitle = h('h3', { class: 'bl-h3', tabindex: '-1' });
  const candState = h('p', { class: 'hint', 'data-testid': 'baseline-candidates-state' });
  const candList = h('ul', { class: 'bl-cands', 'data-testid': 'baseline-candidates' });
  const chooseError = h('p', { class: 'bl-error', role: 'alert', 'data-testid': 'baseline-error' });
  const linkId = uid('bl-link');
  const keyId = uid('bl-key');
  const linkHint = uid('bl-link-hint');
  const keyHint = uid('bl-key-hint');
  const linkInput = h('input', { id: linkId, class: 'input', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': linkHint, 'data-testid': 'baseline-link' });
  const keyInput = h('input', { id: keyId, class: 'input', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': keyHint, 'data-testid': 'baseline-key' });
  const keyHintText = h('p', { class: 'hint', id: keyHint });
  const pasteSummary = h('summary', { class: 'bl-paste__summary' });
  const pasteError = h('p', { class: 'field-error', role: 'alert' });
  const pasteSubmit = h('button', { type: 'submit', class: 'btn btn--secondary btn--small', 'data-testid': 'baseline-paste-submit' });
  const pasteActions = h('p', { class: 'bl-paste__actions' }, pasteSubmit);
  const pasteForm = h(
    'form',
    { class: 'bl-paste__form', novalidate: true, 'data-testid': 'baseline-paste' },
    h('label', { class: 'label', for: linkId }),
    h('p', { class: 'hint', id: linkHint }),
    linkInput,
    h('label', { class: 'label', for: keyId }),
    keyHintText,
    keyInput,
    pasteError,
    pasteActions,
  );
  pasteForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (pasteSubmit.getAttribute('aria-disabled') === 'true') return;
    if (!linkInput.value.trim()) return pasteRefused(bt('bl.paste.empty'));
    const command = chooseFromPaste(linkInput.value, keyInput.value);
    if (!command) return pasteRefused(bt('bl.paste.invalid'));
    setText(pasteError, '');
    linkInput.removeAttribute('aria-invalid');
    choose(command, 'paste');
  });
  function pasteRefused(message: string): void {
    setText(pasteError, message);
    linkInput.setAttribute('aria-invalid', 'true');
    linkInput.focus();
  }
  const paste = h('details', { class: 'bl-paste' }, pasteSummary, pasteForm);
  const chooser = h('div', { class: 'bl-chooser dash__control', 'data-testid': 'baseline-chooser' }, candTitle, candState, candList, paste);

  /** where the last choice (or removal) was made: its refusal is said there */
  let errorAt: 'pick' | 'paste' | 'remove' = 'pick';
  function choose(command: { type: 'choose_baseline'; baseline_session_id: string; token?: string }, from: 'pick' | 'paste'): void {
    focusHeadingNext = true;
    errorAt = from;
    actions.send('baseline:choose', [command]);
  }

  function loadCandidates(): void {
    if (candidatesLoading) return;
    candidatesLoading = true;
    candidatesError = null;
    if (last) update(last);
    fetchCandidates(opts.sessionId, opts.token).then(
      (c) => {
        candidates = c;
        candidatesLoading = false;
        renderCandidates();
        if (last) update(last);
      },
      (err: unknown) => {
        candidatesLoading = false;
        candidatesError = bt('bl.candidates.failed', { message: err instanceof Error ? err.message : String(err) });
        if (last) update(last);
      },
    );
  }

  const pickButtons = new Map<string, HTMLButtonElement>();
  function renderCandidates(): void {
    pickButtons.clear();
    replaceChildren(
      candList,
      (candidates?.sessions ?? []).map((c) => {
        const pick = h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'data-testid': 'baseline-pick' });
        pick.addEventListener('click', () => {
          if (pick.getAttribute('aria-disabled') !== 'true') choose({ type: 'choose_baseline', baseline_session_id: c.sessionId }, 'pick');
        });
        pickButtons.set(c.sessionId, pick);
        const date = formatDay(c.created);
        return h(
          'li',
          { class: 'bl-cand', 'data-session': c.sessionId },
          h(
            'div',
            { class: 'bl-cand__text' },
            h('p', { class: 'bl-cand__title' }, c.title),
            h(
              'p',
              { class: 'bl-cand__meta' },
              [bplural('bl.candidate.meta', c.participants, { date }), c.mode === 'solo' ? bt('bl.candidate.solo') : null, c.closed ? bt('bl.candidate.closed') : null]
                .filter(Boolean)
                .join(' · '),
            ),
          ),
          pick,
        );
      }),
    );
  }

  // --- the comparison and the actions ------------------------------------------------------------------
  const themeBody = h('tbody');
  const themeTable = h(
    'table',
    { class: 'scores bl-table', 'data-testid': 'baseline-themes' },
    h('caption', { class: 'visually-hidden' }),
    h('thead', null, h('tr')),
    themeBody,
  );
  const stmtBody = h('tbody');
  const stmtTable = h(
    'table',
    { class: 'scores bl-table', 'data-testid': 'baseline-statements' },
    h('caption', { class: 'visually-hidden' }),
    h('thead', null, h('tr')),
    stmtBody,
  );
  const themesTitleId = uid('bl-themes');
  const moversTitleId = uid('bl-movers');
  const themesTitle = h('h3', { class: 'bl-h3', id: themesTitleId });
  const moversTitle = h('h3', { class: 'bl-h3', id: moversTitleId });
  const moversNone = h('p', { class: 'hint' });
  const allButton = h('button', { type: 'button', class: 'linkish dash__control', 'aria-expanded': 'false', 'data-testid': 'baseline-all' });
  allButton.addEventListener('click', () => {
    showAll = !showAll;
    if (last) update(last);
  });
  const actionsTitle = h('h3', { class: 'bl-h3' });
  const actionsIntro = h('p', { class: 'hint bl-actions__intro' });
  const tally = h('p', { class: 'bl-tally', 'data-testid': 'baseline-tally' });
  const actionsNone = h('p', { class: 'hint' });
  const actionList = h('ul', { class: 'bl-actions', 'data-testid': 'baseline-actions' });
  const body = h(
    'div',
    { class: 'bl-body', 'data-testid': 'baseline-body' },
    // a table wider than its column (a phone) scrolls in a region the keyboard can reach
    h('div', { class: 'bl-col bl-col--themes' }, themesTitle, h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': themesTitleId }, themeTable)),
    h(
      'div',
      { class: 'bl-col bl-col--movers' },
      moversTitle,
      moversNone,
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': moversTitleId }, stmtTable),
      allButton,
    ),
    h('div', { class: 'bl-col bl-col--actions' }, actionsTitle, actionsIntro, tally, actionsNone, actionList),
  );

  const element = h(
    'section',
    { class: 'card dash__baseline', 'aria-labelledby': 'baseline-title', 'data-testid': 'baseline-panel' },
    h('div', { class: 'bl-top' }, h('div', { class: 'bl-top__titles' }, heading, of), links),
    intro,
    status,
    chooseError,
    chooser,
    loadState,
    body,
  );

  function tableHead(table: HTMLTableElement, first: string, caption: string): void {
    setText(table.querySelector('caption')!, caption);
    const head = table.querySelector('thead tr')!;
    const want = [first, `${bt('bl.since.now')} (${bt('bl.since.thenToday')})`, `${bt('bl.since.ambition')} (${bt('bl.since.thenToday')})`];
    if ([...head.children].map((c) => c.textContent).join('|') === want.join('|')) return;
    replaceChildren(head, want.map((text, i) => h('th', { scope: 'col', class: i === 0 ? '' : 'num' }, text)));
  }

  function sinceRow(headCell: HTMLElement, key: string): SinceRow {
    const current = h('td', { class: 'num bl-cell' });
    const desired = h('td', { class: 'num bl-cell bl-cell--ambition' });
    const tr = h('tr', { 'data-key': key }, headCell, current, desired);
    return { tr, head: headCell, current, desired };
  }

  function patchRow(row: SinceRow, s: { current: Since; desired: Since }): void {
    row.current = patchCell(row.current, s.current);
    row.desired = patchCell(row.desired, s.desired);
  }

  /** Puts rows in this order, leaving the order alone while keyboard focus is on one of them. */
  function placeRows(tbody: HTMLElement, trs: HTMLElement[]): void {
    const wanted = new Set(trs);
    for (const child of [...tbody.children]) if (!wanted.has(child as HTMLElement)) child.remove();
    if (tbody.contains(document.activeElement)) {
      for (const tr of trs) if (tr.parentElement !== tbody) tbody.append(tr);
      return;
    }
    trs.forEach((tr, i) => {
      if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] ?? null);
    });
  }

  function updateFigures(view: DashView, statements: StatementSince[], themes: { theme: string; current: Since; desired: Since }[]): void {
    setText(themesTitle, bt('bl.since.themes'));
    tableHead(themeTable, bt('bl.since.theme'), bt('bl.since.themes'));
    const themeTrs = themes.map((th) => {
      let row = themeRows.get(th.theme);
      if (!row) {
        row = sinceRow(h('th', { scope: 'row' }), th.theme);
        themeRows.set(th.theme, row);
      }
      setText(row.head, view.catalogue?.themes.find((x) => x.id === th.theme)?.name ?? th.theme);
      row.tr.dataset.theme = th.theme;
      patchRow(row, th);
      return row.tr;
    });
    placeRows(themeBody, themeTrs);

    const moved = largestMoves(statements, MOVERS);
    const shown = showAll ? statements : moved;
    setText(moversTitle, showAll ? bt('bl.since.all') : bt('bl.since.movers'));
    setText(moversNone, bt('bl.since.moversNone'));
    moversNone.hidden = showAll || moved.length > 0;
    stmtTable.hidden = shown.length === 0;
    tableHead(stmtTable, bt('bl.since.statement'), showAll ? bt('bl.since.all') : bt('bl.since.movers'));
    const stmtTrs = shown.map((s) => {
      let row = statementRows.get(s.statement);
      if (!row) {
        const n = s.statement;
        const button = h('button', { type: 'button', class: 'linkish bl-stmt', onclick: () => actions.select(n, true) });
        row = sinceRow(h('th', { scope: 'row' }, button), String(n));
        statementRows.set(n, row);
      }
      const button = row.head.firstElementChild as HTMLButtonElement;
      setText(button, `${s.statement}. ${statementTitle(view, s.statement)}`);
      setAttr(button, 'title', bt('bl.since.show', { n: s.statement }));
      row.tr.dataset.statement = String(s.statement);
      setAttr(row.tr, 'aria-current', view.selected === s.statement ? 'true' : null);
      patchRow(row, s);
      return row.tr;
    });
    placeRows(stmtBody, stmtTrs);
    setText(allButton, showAll ? bt('bl.since.fewer') : bt('bl.since.all'));
    setAttr(allButton, 'aria-expanded', String(showAll));
  }

  function updateActions(view: DashView, list: BaselineAction[]): void {
    setText(actionsTitle, bt('bl.actions.title'));
    setText(actionsIntro, bt('bl.actions.intro'));
    setText(actionsNone, bt('bl.actions.none'));
    actionsNone.hidden = list.length > 0;
    actionsIntro.hidden = list.length === 0;
    const count = actionTally(list);
    tally.hidden = list.length === 0;
    setText(tally, bt('bl.actions.count', { done: count.done, total: count.total, started: count.started, dropped: count.dropped }));
    const keep = new Set(list.map((a) => a.actionId));
    for (const id of [...rows.keys()]) if (!keep.has(id)) rows.delete(id);
    const closed = !!view.model.session?.closed;
    const nodes = list.map((a) => {
      let row = rows.get(a.actionId);
      if (!row) {
        row = new ActionRow(a.actionId, actions);
        rows.set(a.actionId, row);
      }
      row.update(view, a, view.pending, closed);
      return row.element;
    });
    placeRows(actionList, nodes);
  }

  function update(view: DashView): void {
    last = view;
    const b = view.baseline;
    const chosen = b?.chosen ?? null;
    code = view.model.session?.municipality || opts.municipality;
    setAttr(trendLink, 'href', `/trend/${encodeURIComponent(code)}`);
    trendLink.hidden = !code;
    const name = view.municipalityName || code;
    element.dataset.state = !chosen ? 'none' : b?.info ? 'ready' : b?.error ? 'failed' : 'loading';
    element.hidden = !view.model.session;

    // the moment a baseline is chosen or removed: the chooser closes, focus goes to the heading
    const id = chosen?.session_id ?? null;
    if (id !== wasChosen) {
      setText(status, id ? bt('bl.chosen') : wasChosen ? bt('bl.removed') : '');
      wasChosen = id;
      chooserOpen = false;
      if (id) {
        linkInput.value = '';
        keyInput.value = '';
        paste.open = false;
      } else if (!candidates) loadCandidates();
      if (focusHeadingNext) {
        focusHeadingNext = false;
        queueMicrotask(() => heading.focus());
      }
    }
    if (!chosen && !candidates && !candidatesLoading && !candidatesError) loadCandidates();

    setText(heading, chosen ? bt('bl.since.title') : bt('bl.choose.title'));
    const info = b?.info ?? null;
    of.hidden = !info;
    if (info) {
      setText(of, `${bt('bl.since.of', { title: info.title, date: formatDay(info.created) })} · ${bplural('bl.since.meta', info.participants, { round: info.round })}`);
    }
    setText(intro, chosen ? bt('bl.since.intro') : bt('bl.choose.intro', { name }));
    intro.hidden = !!chosen && !info;
    setText(trendLink, bt('bl.trend.link', { name }));
    setText(wallButton, view.wall === 'baseline' ? bt('bl.since.wallOff') : bt('bl.since.wallOn'));
    setAttr(wallButton, 'aria-pressed', String(view.wall === 'baseline'));
    wallButton.hidden = !info;
    otherButton.hidden = !chosen;
    setText(otherButton, chooserOpen ? bt('bl.since.otherClose') : bt('bl.since.other'));
    setAttr(otherButton, 'aria-expanded', String(chooserOpen));
    remove.element.hidden = !chosen;
    const closed = !!view.model.session?.closed;
    remove.update({ key: 'baseline:remove', label: bt('bl.since.remove'), pending: view.pending, disabled: closed });

    // the chooser
    chooser.hidden = !!chosen && !chooserOpen;
    const k = candidates?.minRespondents ?? 2;
    setText(candTitle, bt('bl.candidates.title', { name }));
    const offered = (candidates?.sessions ?? []).filter((c) => c.sessionId !== id);
    setText(
      candState,
      candidatesLoading && !candidates
        ? bt('bl.candidates.loading')
        : candidatesError ?? (candidates && offered.length === 0 ? bplural('bl.candidates.none', k, { name }) : ''),
    );
    candState.hidden = candState.textContent === '';
    const choosing = view.pending.isPending('baseline:choose');
    for (const [sessionId, pick] of pickButtons) {
      const li = pick.closest('li');
      if (li) li.hidden = sessionId === id;
      const c = candidates?.sessions.find((x) => x.sessionId === sessionId);
      setText(pick, choosing ? `${bt('bl.candidate.pick')} · ${bt('bl.pending')}` : bt('bl.candidate.pick'));
      setAttr(pick, 'aria-label', c ? bt('bl.candidate.pickLabel', { title: c.title, date: formatDay(c.created) }) : null);
      setAttr(pick, 'aria-disabled', choosing || closed ? 'true' : null);
      setAttr(pick, 'aria-busy', choosing ? 'true' : null);
    }
    setText(pasteSummary, bt('bl.paste.summary'));
    const labels = pasteForm.querySelectorAll('label');
    setText(labels[0]!, bt('bl.paste.link'));
    setText(labels[1]!, bt('bl.paste.key'));
    setText(pasteForm.querySelector(`#${linkHint}`)!, bt('bl.paste.linkHint'));
    setText(keyHintText, bt('bl.paste.keyHint', { n: k }));
    setText(pasteSubmit, choosing ? `${bt('bl.paste.submit')} · ${bt('bl.pending')}` : bt('bl.paste.submit'));
    setAttr(pasteSubmit, 'aria-disabled', choosing || closed ? 'true' : null);
    const err = view.pending.error('baseline:choose') ?? view.pending.error('baseline:remove');
    // the refusal is said where the facilitator acted: under the list, in the form, or under the title
    const place = errorAt === 'paste' ? pasteActions : errorAt === 'pick' ? paste : intro.nextSibling;
    if (chooseError.nextSibling !== place && place && place.parentNode) place.parentNode.insertBefore(chooseError, place);
    setText(chooseError, err ? baselineErrorText(err.code, k) : '');

    // loading, failed, or the figures
    setText(loadState, chosen && !info ? (b?.error ?? bt('bl.since.loading')) : '');
    loadState.hidden = !chosen || !!info;
    body.hidden = !info || !b?.since;
    if (info && b?.since) {
      updateFigures(view, b.since.statements, b.since.themes);
      updateActions(view, b.actions);
    }
  }

  return {
    element,
    update,
  };
}
