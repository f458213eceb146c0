// The "Routekaart" panel: the statements in priority order (roadmap.priorities) with why (gap, agreement and
// votes as small bars with words), per statement its actions by votes, the conclusion and the participants'
// explanations; the facilitator's moderation (reword, hide/show, merge a duplicate, owner, horizon, status,
// conclude, show explanations, vote budget); and the agreed actions on a timeline by horizon. Blocks and rows
// are made once per statement and action and patched on every update, so a field being typed in survives
// the votes coming in. In projector mode (the wall set to the roadmap) the controls are hidden. The read-only
// roadmap page (src/roadmap/page.ts) reuses actionChips, WhyBars and timelineContent.
import { h, replaceChildren, uid } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import {
  budgetCommand,
  concludeCommand,
  explanationsOf,
  HORIZONS,
  isHorizon,
  isStatus,
  LIMITS,
  listedStatements,
  mergeTargets,
  ownerCommand,
  proposeCommand,
  rewordCommand,
  statementActions,
  STATUSES,
  timeline,
  type Priority,
  type Roadmap,
  type RoadmapAction,
} from '../lib/roadmap';
import { shownText } from '../lib/roadmap-text';
import { roadmapErrorText } from '../participant/roadmap-section';
import { fmt, fmtSigned, setAttr, setText } from './format';
import type { PendingControls } from './pending';
import { statementTitle, type DashActions, type DashView, type Panel } from './view';

/** How many statements the priority list shows before "show all 21" (more when others have actions). */
const TOP = 5;
/** The weights of the priority's parts (docs/statistics.md, "Roadmap priority"): a part over its weight is 0..1. */
const WEIGHTS = { gap: 0.5, agreement: 0.2, votes: 0.3 } as const;

const fraction = (part: number, weight: number) => Math.max(0, Math.min(1, weight > 0 ? part / weight : 0));
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Whether keyboard focus is in a text field or list inside `el` (then its children must not move). */
function editingIn(el: HTMLElement): boolean {
  const a = document.activeElement;
  return !!a && el.contains(a) && a.matches('input, textarea, select');
}

/** Puts `nodes` into `parent` in this order, touching nothing that is already in place. */
function placeInOrder(parent: HTMLElement, nodes: HTMLElement[]): void {
  const wanted = new Set(nodes);
  for (const child of [...parent.children]) if (!wanted.has(child as HTMLElement)) child.remove();
  const same = nodes.length === parent.children.length && nodes.every((n, i) => parent.children[i] === n);
  if (same) return;
  // someone is typing in a row: only add the new rows at the end, reorder later
  if (editingIn(parent)) {
    for (const n of nodes) if (n.parentElement !== parent) parent.append(n);
    return;
  }
  nodes.forEach((n, i) => {
    if (parent.children[i] !== n) parent.insertBefore(n, parent.children[i] ?? null);
  });
}

/** A small labelled form: one text field (or area) and a submit button, with a status line for errors. */
function textForm(opts: {
  label: string;
  multiline?: boolean;
  max: number;
  submit: string;
  testId: string;
  onSubmit(value: string, field: HTMLInputElement | HTMLTextAreaElement): void;
}): { element: HTMLFormElement; field: HTMLInputElement | HTMLTextAreaElement; label: HTMLLabelElement } {
  const id = uid('rm-field');
  const label = h('label', { class: 'rm-label', for: id }, opts.label);
  const field = opts.multiline
    ? h('textarea', { id, class: 'input rm-input', rows: 2, 'data-testid': `${opts.testId}-input` })
    : h('input', { id, type: 'text', class: 'input rm-input', autocomplete: 'off', 'data-testid': `${opts.testId}-input` });
  const element = h(
    'form',
    { class: 'rm-form', 'data-testid': opts.testId, novalidate: true },
    label,
    h('div', { class: 'rm-form__row' }, field, h('button', { type: 'submit', class: 'btn btn--secondary btn--small' }, opts.submit)),
  );
  element.addEventListener('submit', (e) => {
    e.preventDefault();
    opts.onSubmit(field.value, field);
  });
  field.dataset.max = String(opts.max);
  return { element, field, label };
}

function selectOf(label: string, options: { value: string; text: string }[], testId: string): { element: HTMLElement; select: HTMLSelectElement } {
  const id = uid('rm-select');
  const select = h('select', { id, class: 'rm-select', 'data-testid': testId }, options.map((o) => h('option', { value: o.value }, o.text)));
  return { element: h('span', { class: 'rm-pick' }, h('label', { class: 'rm-label', for: id }, label), select), select };
}

/**
 * An action's status, horizon and owner in words (and "hidden"; "by you" when `byYou` and the facilitator
 * proposed it): the dashboard's rows and the read-only roadmap page.
 */
export function actionChips(action: RoadmapAction, byYou: boolean): (HTMLElement | string)[] {
  return [
    h('span', { class: 'rm-chip', 'data-status': action.status }, t(`roadmap.status.${action.status}`)),
    h('span', { class: 'rm-chip rm-chip--plain', 'data-testid': 'rm-horizon-text' }, action.horizon ? t(`roadmap.horizon.${action.horizon}`) : t('roadmap.horizon.none')),
    h('span', { class: 'rm-owner', 'data-testid': 'rm-owner-text' }, action.owner ? `${t('rm.owner')}: ${action.owner}` : t('rm.owner.none')),
    action.hidden ? h('span', { class: 'rm-chip rm-chip--hidden' }, t('rm.hidden')) : '',
    byYou && action.by === 'facilitator' ? h('span', { class: 'rm-by' }, t('rm.by.facilitator')) : '',
  ];
}

/** Why a statement is where it is: gap, agreement and votes as small bars with words, and one sentence for screen readers. */
export class WhyBars {
  readonly element = h('div', { class: 'rm-why' });
  readonly label = h('p', { class: 'visually-hidden' });

  constructor() {
    const bar = (kind: keyof typeof WEIGHTS) =>
      h(
        'span',
        { class: `rm-why__part rm-why__part--${kind}`, 'data-part': kind },
        h('span', { class: 'rm-why__word' }),
        h('span', { class: 'rm-bar', 'aria-hidden': 'true' }, h('span', { class: 'rm-bar__fill' })),
      );
    this.element.append(bar('gap'), bar('agreement'), bar('votes'));
  }

  update(priority: Priority | null): void {
    this.element.hidden = !priority;
    if (!priority) return;
    const parts = {
      gap: { f: fraction(priority.gapPart, WEIGHTS.gap), word: `${t('rm.why.gap')} ${fmtSigned(priority.gap)}` },
      agreement: { f: fraction(priority.agreementPart, WEIGHTS.agreement), word: `${t('rm.why.agreement')} ${fmt(priority.agreement, 2)}` },
      votes: { f: fraction(priority.votesPart, WEIGHTS.votes), word: plural('roadmap.votes', priority.votes) },
    };
    for (const kind of ['gap', 'agreement', 'votes'] as const) {
      const el = this.element.querySelector<HTMLElement>(`[data-part=${kind}]`)!;
      setText(el.querySelector('.rm-why__word')!, parts[kind].word);
      el.querySelector<HTMLElement>('.rm-bar__fill')!.style.width = pct(parts[kind].f);
    }
    this.element.setAttribute('aria-hidden', 'true');
    setText(this.label, t('rm.why.label', { gap: fmtSigned(priority.gap), agreement: fmt(priority.agreement, 2), votes: plural('roadmap.votes', priority.votes) }));
  }
}

/**
 * The agreed (started, done) actions by horizon with their owners, or a hint that there are none yet (how to
 * put one there, unless `readOnly`: the wall and the read-only pages cannot).
 */
export function timelineContent(roadmap: Roadmap, readOnly = false): HTMLElement[] {
  const columns = timeline(roadmap);
  const any = columns.some((c) => c.actions.length > 0);
  return [
    h('h3', { class: 'rm-timeline__title' }, t('rm.timeline.title')),
    any
      ? h(
          'ol',
          { class: 'rm-timeline__cols' },
          columns.map((c) =>
            h(
              'li',
              { class: 'rm-col', 'data-horizon': c.horizon ?? 'none' },
              h('h4', { class: 'rm-col__title' }, c.horizon ? t(`roadmap.horizon.${c.horizon}`) : t('roadmap.horizon.none')),
              h(
                'ul',
                { class: 'rm-col__list' },
                c.actions.map((a) =>
                  h(
                    'li',
                    { class: 'rm-card', 'data-action': a.id, 'data-status': a.status },
                    h('p', { class: 'rm-card__text' }, shownText(a.text)),
                    h(
                      'p',
                      { class: 'rm-card__meta' },
                      h('span', { class: 'rm-card__owner' }, a.owner ?? t('rm.owner.none')),
                      ' · ',
                      t('rm.timeline.statement', { n: a.statement }),
                      ' ',
                      h('span', { class: 'rm-chip', 'data-status': a.status }, t(`roadmap.status.${a.status}`)),
                    ),
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'hint' }, t(readOnly ? 'rm.timeline.none' : 'rm.timeline.empty')),
  ];
}

/** One action's row: text, votes, status/horizon/owner in words, and its moderation controls. */
class ActionRow {
  readonly element: HTMLElement;
  private readonly text = h('p', { class: 'rm-action__text', 'data-testid': 'rm-action-text' });
  private readonly meta = h('p', { class: 'rm-action__meta' });
  private readonly bar = h('span', { class: 'rm-bar__fill' });
  private readonly votes = h('span', { class: 'rm-action__count', 'data-testid': 'rm-action-votes' });
  private readonly status = selectOf(t('rm.status'), STATUSES.map((s) => ({ value: s, text: t(`roadmap.status.${s}`) })), 'rm-status');
  private readonly horizon = selectOf(
    t('rm.horizon'),
    [{ value: '', text: t('roadmap.horizon.none') }, ...HORIZONS.map((x) => ({ value: x, text: t(`roadmap.horizon.${x}`) }))],
    'rm-horizon',
  );
  private readonly editButton: HTMLButtonElement;
  private readonly editor: HTMLElement;
  private readonly reword: ReturnType<typeof textForm>;
  private readonly owner: ReturnType<typeof textForm>;
  private readonly merge = selectOf(t('rm.merge.label'), [], 'rm-merge-into');
  private readonly mergeForm: HTMLElement;
  private readonly hideButton: HTMLButtonElement;
  private readonly error = h('p', { class: 'ctl__error rm-error', role: 'alert' });
  private action: RoadmapAction;
  private mergeSignature = '';

  constructor(action: RoadmapAction, actions: DashActions) {
    this.action = action;
    const editorId = uid('rm-editor');
    const send = (kind: string, command: Parameters<DashActions['send']>[1][number]) => actions.send(`rm-${kind}:${this.action.id}`, [command]);
    this.status.select.addEventListener('change', () => {
      const v = this.status.select.value;
      if (isStatus(v)) send('status', { type: 'set_status', action_id: this.action.id, status: v });
    });
    this.horizon.select.addEventListener('change', () => {
      const v = this.horizon.select.value;
      if (isHorizon(v)) send('horizon', { type: 'set_horizon', action_id: this.action.id, horizon: v });
    });
    this.editButton = h(
      'button',
      { type: 'button', class: 'btn btn--ghost btn--small', 'aria-expanded': 'false', 'aria-controls': editorId, 'data-testid': 'rm-edit' },
      t('rm.edit'),
    );
    this.editButton.addEventListener('click', () => this.toggleEditor());
    this.reword = textForm({
      label: t('rm.text'),
      multiline: true,
      max: LIMITS.action,
      submit: t('rm.save'),
      testId: 'rm-reword',
      onSubmit: (value) => {
        const checked = rewordCommand(this.action.id, value);
        if (!checked.ok) return this.say(roadmapErrorText(checked.code));
        send('reword', checked.command);
      },
    });
    this.owner = textForm({
      label: t('rm.owner'),
      max: LIMITS.owner,
      submit: t('rm.save'),
      testId: 'rm-owner',
      onSubmit: (value) => {
        const checked = ownerCommand(this.action.id, value);
        if (!checked.ok) return this.say(roadmapErrorText(checked.code));
        send('owner', checked.command);
      },
    });
    const mergeButton = h('button', { type: 'submit', class: 'btn btn--secondary btn--small' }, t('rm.merge.submit'));
    this.mergeForm = h('form', { class: 'rm-form rm-form--merge', 'data-testid': 'rm-merge', novalidate: true }, this.merge.element, mergeButton);
    this.mergeForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const into = this.merge.select.value;
      if (!into) return this.say(roadmapErrorText('invalid_merge'));
      send('merge', { type: 'merge', action_id: this.action.id, into });
    });
    this.hideButton = h('button', { type: 'button', class: 'btn btn--ghost btn--small', 'data-testid': 'rm-hide' });
    this.hideButton.addEventListener('click', () =>
      send('hide', { type: this.action.hidden ? 'show_action' : 'hide_action', action_id: this.action.id }),
    );
    this.editor = h(
      'div',
      { class: 'rm-editor', id: editorId, hidden: true },
      this.reword.element,
      this.owner.element,
      this.mergeForm,
      h('div', { class: 'rm-form__row' }, this.hideButton),
    );
    this.element = h(
      'li',
      { class: 'rm-action', 'data-action': action.id },
      h(
        'div',
        { class: 'rm-action__main' },
        this.text,
        this.meta,
        h('div', { class: 'rm-action__votes' }, h('span', { class: 'rm-bar', 'aria-hidden': 'true' }, this.bar), this.votes),
      ),
      h(
        'div',
        { class: 'rm-action__controls dash__control' },
        this.status.element,
        this.horizon.element,
        this.editButton,
      ),
      h('div', { class: 'dash__control rm-action__more' }, this.editor, this.error),
    );
  }

  private say(text: string): void {
    setText(this.error, text);
  }

  private toggleEditor(): void {
    const open = this.editor.hidden;
    this.editor.hidden = !open;
    this.editButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this.reword.field.value = this.action.text;
      this.owner.field.value = this.action.owner ?? '';
      this.reword.field.focus();
    }
  }

  update(action: RoadmapAction, roadmap: Roadmap, maxVotes: number, pending: PendingControls): void {
    this.action = action;
    const el = this.element;
    el.dataset.status = action.status;
    el.dataset.hidden = String(action.hidden);
    setText(this.text, shownText(action.text));
    const chips = actionChips(action, true);
    const sig = JSON.stringify([action.status, action.horizon, action.owner, action.hidden, action.by, t('rm.owner')]);
    if (this.meta.dataset.sig !== sig) {
      this.meta.dataset.sig = sig;
      replaceChildren(this.meta, chips);
    }
    this.bar.style.width = pct(maxVotes > 0 ? action.votes / maxVotes : 0);
    setText(this.votes, plural('roadmap.votes', action.votes));
    if (document.activeElement !== this.status.select) this.status.select.value = action.status;
    if (document.activeElement !== this.horizon.select) this.horizon.select.value = action.horizon ?? '';
    setText(this.hideButton, action.hidden ? t('rm.show') : t('rm.hide'));
    const targets = mergeTargets(roadmap, action);
    const msig = JSON.stringify(targets.map((a) => [a.id, a.text]));
    if (msig !== this.mergeSignature && document.activeElement !== this.merge.select) {
      this.mergeSignature = msig;
      const chosen = this.merge.select.value;
      replaceChildren(
        this.merge.select,
        h('option', { value: '' }, t('rm.merge.pick')),
        targets.map((a) => h('option', { value: a.id }, a.text.length > 80 ? `${a.text.slice(0, 79)}…` : shownText(a.text))),
      );
      if (targets.some((a) => a.id === chosen)) this.merge.select.value = chosen;
    }
    this.mergeForm.hidden = targets.length === 0;
    const kinds = ['status', 'horizon', 'reword', 'owner', 'merge', 'hide'];
    const busy = kinds.some((k) => pending.isPending(`rm-${k}:${action.id}`));
    setAttr(el, 'aria-busy', busy ? 'true' : null);
    const err = kinds.map((k) => pending.error(`rm-${k}:${action.id}`)).find((e) => e !== null);
    if (err) setText(this.error, t('dash.failed', { reason: roadmapErrorText(err.code) }));
    else if (busy) setText(this.error, '');
  }
}

/** One statement of the priority list: why it is here, its actions, conclusion and explanations. */
class StatementBlock {
  readonly element: HTMLElement;
  private readonly rank = h('span', { class: 'rm-stmt__rank', 'aria-hidden': 'true' });
  private readonly title = h('h3', { class: 'rm-stmt__title' });
  private readonly why = new WhyBars();
  private readonly conclusion = h('p', { class: 'rm-conclusion', 'data-testid': 'rm-conclusion' });
  private readonly list = h('ul', { class: 'rm-actions', 'data-testid': 'rm-actions' });
  private readonly none = h('p', { class: 'hint rm-none' }, t('rm.noActions'));
  private readonly rows = new Map<string, ActionRow>();
  private readonly conclude: ReturnType<typeof textForm>;
  private readonly explSummary = h('summary', { class: 'rm-expl__summary' });
  private readonly explList = h('ul', { class: 'rm-expl__list' });
  private readonly explToggle: HTMLButtonElement;
  private readonly explState = h('p', { class: 'hint rm-expl__state' });
  private readonly explError = h('p', { class: 'ctl__error', role: 'alert' });
  private shown = false;
  private savedConclusion: string | null = null;
  private forms: HTMLDetailsElement | null = null;

  constructor(
    readonly statement: number,
    private readonly actions: DashActions,
  ) {
    const propose = textForm({
      label: t('rm.propose.label', { n: statement }),
      max: LIMITS.action,
      submit: t('rm.propose.submit'),
      testId: 'rm-propose',
      onSubmit: (value, field) => {
        const checked = proposeCommand(statement, value);
        if (!checked.ok) return setText(this.explError, roadmapErrorText(checked.code));
        actions.send(`rm-propose:${statement}`, [checked.command]);
        field.value = '';
      },
    });
    this.conclude = textForm({
      label: t('rm.conclusion.label', { n: statement }),
      multiline: true,
      max: LIMITS.conclusion,
      submit: t('rm.conclusion.save'),
      testId: 'rm-conclude',
      onSubmit: (value) => {
        const checked = concludeCommand(statement, value);
        if (!checked.ok) return setText(this.explError, roadmapErrorText(checked.code));
        actions.send(`rm-conclude:${statement}`, [checked.command]);
      },
    });
    this.explToggle = h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'data-testid': 'rm-expl-toggle' });
    this.explToggle.addEventListener('click', () =>
      actions.send(`rm-expl:${statement}`, [{ type: this.shown ? 'hide_explanations' : 'show_explanations', statement }]),
    );
    this.element = h(
      'li',
      { class: 'rm-stmt', 'data-statement': statement },
      h('div', { class: 'rm-stmt__head' }, this.rank, h('div', { class: 'rm-stmt__titles' }, this.title, this.why.element, this.why.label)),
      this.conclusion,
      this.list,
      this.none,
      h(
        'div',
        { class: 'rm-stmt__controls dash__control' },
        // folded: 21 statements' forms would bury the list; open once something is written
        (this.forms = h(
          'details',
          { class: 'rm-more', 'data-testid': 'rm-more' },
          h('summary', { class: 'rm-more__summary' }, t('rm.more')),
          propose.element,
          this.conclude.element,
        )),
        h(
          'details',
          { class: 'rm-expl', 'data-testid': 'rm-explanations' },
          this.explSummary,
          h('div', { class: 'rm-form__row' }, this.explToggle, this.explState),
          this.explList,
        ),
        this.explError,
      ),
    );
  }

  update(view: DashView, roadmap: Roadmap, index: number, priority: Priority | null, maxVotes: number): void {
    const s = this.statement;
    setText(this.rank, String(index + 1));
    setText(this.title, `${s}. ${statementTitle(view, s)}`);
    this.why.update(priority);

    const conclusion = roadmap.conclusions[s] ?? null;
    setText(this.conclusion, conclusion === null ? '' : shownText(conclusion));
    this.conclusion.hidden = conclusion === null;
    if (conclusion !== this.savedConclusion && document.activeElement !== this.conclude.field) {
      this.conclude.field.value = conclusion ?? '';
      if (conclusion && this.forms) this.forms.open = true;
    }
    this.savedConclusion = conclusion;

    const acts = statementActions(roadmap, s);
    const keep = new Set(acts.map((a) => a.id));
    for (const id of [...this.rows.keys()]) if (!keep.has(id)) this.rows.delete(id);
    const nodes = acts.map((a) => {
      let row = this.rows.get(a.id);
      if (!row) {
        row = new ActionRow(a, this.actions);
        this.rows.set(a.id, row);
      }
      row.update(a, roadmap, maxVotes, view.pending);
      return row.element;
    });
    placeInOrder(this.list, nodes);
    this.none.hidden = acts.length > 0;
    this.element.dataset.actions = String(acts.length);

    const expl = explanationsOf(roadmap, s);
    this.shown = roadmap.explanationsShown.includes(s);
    setText(this.explSummary, t('rm.explanations', { n: expl.length }));
    setText(this.explToggle, this.shown ? t('rm.explanations.hide') : t('rm.explanations.show'));
    this.explToggle.setAttribute('aria-pressed', String(this.shown));
    setText(this.explState, this.shown ? t('rm.explanations.shown') : '');
    const esig = JSON.stringify(expl);
    if (this.explList.dataset.sig !== esig) {
      this.explList.dataset.sig = esig;
      replaceChildren(
        this.explList,
        expl.length
          ? expl.map((e) =>
              h(
                'li',
                { class: 'rp-expl', 'data-aspect': e.aspect },
                h('span', { class: 'rp-expl__aspect' }, t(e.aspect === 'current' ? 'aspect.current.short' : 'aspect.desired.short')),
                h('q', null, e.text),
                h('span', { class: 'rp-expl__who' }, `— ${e.name ?? t('roadmap.explanations.anon')}`),
              ),
            )
          : h('li', { class: 'hint' }, t('rm.explanations.none')),
      );
    }
    const err = ['rm-expl', 'rm-conclude', 'rm-propose'].map((k) => view.pending.error(`${k}:${s}`)).find((e) => e !== null);
    setText(this.explError, err ? t('dash.failed', { reason: roadmapErrorText(err.code) }) : '');
  }
}

export function roadmapPanel(actions: DashActions): Panel {
  let mode: 'priorities' | 'timeline' = 'priorities';
  let all = false;
  let last: DashView | null = null;
  const blocks = new Map<number, StatementBlock>();

  const viewButton = (which: typeof mode, label: string) => {
    const b = h('button', { type: 'button', class: 'btn btn--ghost btn--small rm-tab', 'data-testid': `rm-view-${which}` }, label);
    b.addEventListener('click', () => {
      mode = which;
      if (last) update(last);
    });
    return b;
  };
  const tabs = { priorities: viewButton('priorities', t('rm.view.priorities')), timeline: viewButton('timeline', t('rm.view.timeline')) };
  const wallButton = h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'data-testid': 'rm-wall' });
  wallButton.addEventListener('click', () => actions.setWall?.(last?.wall === 'roadmap' ? 'results' : 'roadmap'));
  // the read-only page (/roadmap/:session) to print, share or download; it finds this browser's key itself
  const pageLink = h('a', { class: 'btn btn--secondary btn--small', 'data-testid': 'rm-open-page' }, t('rm.openPage'));

  const budgetId = uid('rm-budget');
  const budget = h('input', { id: budgetId, type: 'number', min: '1', max: '20', step: '1', class: 'input rm-budget__input', 'data-testid': 'rm-budget-input' });
  const budgetNow = h('span', { class: 'hint rm-budget__now', 'data-testid': 'rm-budget-now' });
  const budgetError = h('span', { class: 'ctl__error', role: 'alert' });
  const budgetForm = h(
    'form',
    { class: 'rm-budget dash__control', novalidate: true, 'data-testid': 'rm-budget' },
    h('label', { class: 'rm-label', for: budgetId }, t('rm.budget.label')),
    h('div', { class: 'rm-form__row' }, budget, h('button', { type: 'submit', class: 'btn btn--secondary btn--small' }, t('rm.budget.set')), budgetNow),
    budgetError,
  );
  budgetForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = budgetCommand(Number(budget.value));
    if (!checked.ok) return setText(budgetError, roadmapErrorText(checked.code));
    setText(budgetError, '');
    actions.send('rm-budget', [checked.command]);
  });

  const list = h('ol', { class: 'rm-list', 'data-testid': 'rm-list' });
  const allButton = h('button', { type: 'button', class: 'linkish dash__control', 'data-testid': 'rm-all' });
  allButton.addEventListener('click', () => {
    all = !all;
    if (last) update(last);
  });
  const priorities = h('div', { class: 'rm-priorities' }, h('p', { class: 'hint' }, t('rm.intro')), list, allButton);
  const timelineBox = h('div', { class: 'rm-timeline', 'data-testid': 'rm-timeline' });

  const element = h(
    'section',
    { class: 'card dash__roadmap', 'aria-labelledby': 'roadmap-title', 'data-testid': 'roadmap-panel' },
    h(
      'div',
      { class: 'rm-top' },
      h('h2', { id: 'roadmap-title', tabindex: '-1' }, t('rm.title')),
      h('div', { class: 'rm-tabs', role: 'group', 'aria-label': t('rm.view.label') }, tabs.priorities, tabs.timeline),
      h('span', { class: 'dash__control rm-top__links' }, wallButton, pageLink),
    ),
    budgetForm,
    priorities,
    timelineBox,
  );

  function renderTimeline(view: DashView, roadmap: Roadmap): void {
    const columns = timeline(roadmap);
    const sig = JSON.stringify([columns, view.catalogue?.language, view.projector]);
    if (timelineBox.dataset.sig === sig) return;
    timelineBox.dataset.sig = sig;
    replaceChildren(timelineBox, timelineContent(roadmap, view.projector));
  }

  function update(view: DashView): void {
    last = view;
    const roadmap = view.model.roadmap ?? null;
    element.hidden = roadmap === null || view.model.session?.mode === 'solo';
    if (!roadmap) return;
    element.dataset.mode = mode;
    for (const which of ['priorities', 'timeline'] as const) tabs[which].setAttribute('aria-pressed', String(mode === which));
    priorities.hidden = mode !== 'priorities';
    timelineBox.hidden = mode !== 'timeline';
    setText(wallButton, view.wall === 'roadmap' ? t('rm.wall.off') : t('rm.wall.on'));
    const sessionId = view.model.session?.session_id;
    setAttr(pageLink, 'href', sessionId ? `/roadmap/${encodeURIComponent(sessionId)}` : null);
    setText(budgetNow, t('rm.budget.now', { n: roadmap.voteBudget }));
    if (document.activeElement !== budget) budget.value = String(roadmap.voteBudget);
    const budgetErr = view.pending.error('rm-budget');
    if (budgetErr) setText(budgetError, t('dash.failed', { reason: roadmapErrorText(budgetErr.code) }));

    if (mode === 'timeline') {
      renderTimeline(view, roadmap);
      return;
    }
    // on the wall only the statements that have something to show, and never more than fit
    const busy = roadmap.actions.some((a) => a.mergedInto === null) || Object.keys(roadmap.conclusions).length > 0;
    const statements = listedStatements(roadmap, view.projector && busy ? 0 : TOP, all && !view.projector);
    const maxVotes = Math.max(0, ...roadmap.actions.filter((a) => a.mergedInto === null).map((a) => a.votes));
    const nodes = statements.map((s, i) => {
      let block = blocks.get(s);
      if (!block) {
        block = new StatementBlock(s, actions);
        blocks.set(s, block);
      }
      block.update(view, roadmap, i, roadmap.priorities.find((p) => p.statement === s) ?? null, maxVotes);
      return block.element;
    });
    placeInOrder(list, nodes);
    setText(allButton, all ? t('rm.showFewer') : t('rm.showAll'));
  }

  return { element, update };
}
