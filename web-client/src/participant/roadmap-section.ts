// The roadmap dialogue on a participant's statement: the actions proposed for it with a vote toggle each and
// "N stemmen over", a short form to propose one (280 characters, counted), after an answer an optional "Why
// this level?" (500 characters, signed or not), the explanations and the conclusion once the facilitator
// shows them, and every refusal as a friendly sentence. The section and its text fields are made once per
// statement and patched on every update, so nobody loses what they are typing when others vote.
import { h, replaceChildren, uid } from '../lib/dom';
import { plural, t, type StringKey } from '../lib/i18n';
import type { OutboxCommand, OutboxEntry } from '../lib/outbox';
import { shownText } from '../lib/roadmap-text';
import { ASPECTS, type Aspect } from '../lib/protocol';
import {
  DEFAULT_BUDGET,
  effectiveVotes,
  explainCommand,
  isRoadmapError,
  LIMITS,
  openActions,
  proposeCommand,
  textLength,
  type RoadmapAction,
} from '../lib/roadmap';
import type { EffectiveAnswer, ParticipantModel } from '../lib/state';

export interface RoadmapSectionDeps {
  /** queues a command in the outbox and sends it */
  send(command: OutboxCommand): OutboxEntry;
}

export interface RoadmapSectionView {
  statement: number;
  model: ParticipantModel;
  outbox: readonly OutboxEntry[];
  answer: EffectiveAnswer;
}

/** The friendly sentence for a refused roadmap command. */
export function roadmapErrorText(code: string): string {
  return isRoadmapError(code) ? t(`roadmap.error.${code}` as StringKey) : t('roadmap.error.other', { code });
}

/** A textarea with its label, hint and a live character counter ("12 van 280 tekens"). */
interface CountedField {
  element: HTMLElement;
  input: HTMLTextAreaElement;
  label: HTMLLabelElement;
  refresh(): void;
}

function countedField(key: string, max: number, hint: string | null, rows: number): CountedField {
  const id = uid('rm-text');
  const countId = `${id}-count`;
  const hintId = `${id}-hint`;
  const label = h('label', { class: 'label', for: id });
  const counter = h('p', { class: 'rp-count', id: countId, 'data-testid': `${key}-count` });
  const input = h('textarea', {
    id,
    class: 'input rp-textarea',
    rows,
    'data-key': key,
    'data-testid': key,
    'aria-describedby': hint ? `${hintId} ${countId}` : countId,
  });
  const refresh = () => {
    const n = textLength(input.value);
    const over = n > max;
    counter.textContent = over ? t('roadmap.countOver', { n: n - max }) : t('roadmap.count', { n, max });
    counter.dataset.over = String(over);
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  input.addEventListener('input', refresh);
  refresh();
  const element = h('div', { class: 'rp-field' }, label, hint ? h('p', { class: 'hint', id: hintId }, hint) : null, input, counter);
  return { element, input, label, refresh };
}

/** Per statement what the participant typed and did not send yet (kept when they page away and back). */
interface Draft {
  propose: string;
  explain: string;
  aspect: Aspect;
  signed: boolean;
}

export class RoadmapSection {
  readonly element: HTMLElement;
  private readonly drafts = new Map<number, Draft>();
  private statement = 0;
  private view: RoadmapSectionView | null = null;
  // made once
  private readonly conclusion = h('div', { class: 'rp-conclusion', 'data-testid': 'rp-conclusion' });
  private readonly explanations = h('div', { class: 'rp-explanations', 'data-testid': 'rp-explanations' });
  private readonly votesLeft = h('p', { class: 'rp-left', 'data-testid': 'votes-left', role: 'status' });
  private readonly list = h('ul', { class: 'rp-actions', 'data-testid': 'rp-actions' });
  private readonly none = h('p', { class: 'hint rp-none' }, t('roadmap.p.none'));
  private readonly title = h('h2', { class: 'rp-title' }, t('roadmap.p.title'));
  private readonly actionsTitle = h('h3', { class: 'rp-subtitle' }, t('roadmap.p.actions'));
  private readonly intro = h('p', { class: 'hint' }, t('roadmap.p.intro'));
  private readonly error = h('p', { class: 'rp-error', role: 'alert', 'data-testid': 'roadmap-error' });
  private readonly forms = h('div', { class: 'rp-forms' });
  /** "Why this level?" first: it is about the answer just given, before what to do about it */
  private readonly explainHost = h('div', { class: 'rp-explain-host' });
  // made per statement
  private propose: CountedField | null = null;
  private proposeStatus: HTMLElement | null = null;
  private explain: CountedField | null = null;
  private explainBox: HTMLDetailsElement | null = null;
  private explainStatus: HTMLElement | null = null;
  private aspectInputs: Partial<Record<Aspect, HTMLInputElement>> = {};
  private aspectLabels: Partial<Record<Aspect, HTMLElement>> = {};
  private signed: HTMLInputElement | null = null;
  /** outbox ids of this page's proposals and explanations still waiting */
  private readonly sent = new Map<string, 'propose' | 'explain'>();

  constructor(private readonly deps: RoadmapSectionDeps) {
    const titleId = uid('rp-title');
    this.title.id = titleId;
    this.element = h(
      'section',
      { class: 'rp', 'aria-labelledby': titleId, 'data-testid': 'roadmap-participant' },
      this.explainHost,
      this.title,
      this.conclusion,
      this.explanations,
      h('div', { class: 'rp-head' }, this.actionsTitle, this.votesLeft),
      this.intro,
      this.error,
      this.list,
      this.none,
      this.forms,
    );
  }

  /**
   * The language changed: the texts made once say it in the new one, and the statement's forms are made again
   * (what was typed, and whether "Waarom dit niveau?" was open, stay); the next update does the rest.
   */
  relabel(): void {
    this.title.textContent = t('roadmap.p.title');
    this.actionsTitle.textContent = t('roadmap.p.actions');
    this.intro.textContent = t('roadmap.p.intro');
    this.none.textContent = t('roadmap.p.none');
    this.error.textContent = '';
    if (!this.statement) return;
    const open = this.explainBox?.open ?? false;
    this.buildForms(this.statement);
    if (this.explainBox) this.explainBox.open = open;
  }

  /** Whether the participant is typing in one of the section's fields (then the page must not be rebuilt). */
  typing(): boolean {
    const el = document.activeElement;
    return !!el && this.element.contains(el) && (el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === 'text'));
  }

  update(view: RoadmapSectionView): void {
    this.view = view;
    if (view.statement !== this.statement) this.buildForms(view.statement);
    const { model } = view;
    const roadmap = model.roadmap ?? null;
    const closed = !!model.session?.closed || model.removed;
    const budget = roadmap?.voteBudget ?? DEFAULT_BUDGET;
    const own = effectiveVotes(model.votes ?? { votes: [], votesLeft: null }, budget, view.outbox);
    const actions = openActions(roadmap, view.statement);

    // the group's conclusion and the explanations the facilitator shows
    const conclusion = roadmap?.conclusions[view.statement];
    replaceChildren(
      this.conclusion,
      conclusion ? [h('h3', { class: 'rp-subtitle' }, t('roadmap.conclusion')), h('p', { class: 'rp-conclusion__text' }, conclusion)] : null,
    );
    this.conclusion.hidden = !conclusion;
    const shown = (roadmap?.explanations ?? []).filter((e) => e.statement === view.statement);
    replaceChildren(
      this.explanations,
      shown.length
        ? [
            h('h3', { class: 'rp-subtitle' }, t('roadmap.explanations.title')),
            h(
              'ul',
              { class: 'rp-expl-list' },
              shown.map((e) =>
                h(
                  'li',
                  { class: 'rp-expl', 'data-aspect': e.aspect },
                  h('span', { class: 'rp-expl__aspect' }, t(e.aspect === 'current' ? 'aspect.current.short' : 'aspect.desired.short')),
                  h('q', { class: 'rp-expl__text' }, e.text),
                  h('span', { class: 'rp-expl__who' }, `— ${e.name ?? t('roadmap.explanations.anon')}`),
                ),
              ),
            ),
          ]
        : null,
    );
    this.explanations.hidden = shown.length === 0;

    this.votesLeft.textContent = plural('roadmap.votesLeft', own.left);
    this.votesLeft.dataset.left = String(own.left);
    // rebuilt only when what it says changed: a vote button keeps its node (and focus) across updates
    const sig = JSON.stringify([actions, [...own.votes], [...own.pending], own.left, closed, t('roadmap.vote')]);
    if (this.list.dataset.sig !== sig) {
      this.list.dataset.sig = sig;
      replaceChildren(this.list, actions.map((a) => this.actionItem(a, own.votes.has(a.id), own.pending.has(a.id), own.left, closed)));
    }
    this.none.hidden = actions.length > 0;

    // the forms: proposing while the session is open; explaining once an aspect is answered
    this.forms.hidden = closed;
    this.explainHost.hidden = closed;
    if (this.propose) {
      const { current, desired } = view.answer;
      this.propose.label.textContent =
        current !== null && desired !== null && desired > current
          ? t('roadmap.propose.label', { from: current, to: desired })
          : t('roadmap.propose.labelPlain');
    }
    if (this.explainBox) {
      const answered = ASPECTS.filter((a) => view.answer[a] !== null);
      this.explainBox.hidden = answered.length === 0;
      for (const aspect of ASPECTS) {
        const input = this.aspectInputs[aspect];
        const label = this.aspectLabels[aspect];
        if (!input || !label) continue;
        const level = view.answer[aspect];
        input.disabled = level === null;
        label.textContent = `${t(aspect === 'current' ? 'aspect.current.short' : 'aspect.desired.short')}${level !== null ? ` (${level})` : ''}`;
      }
      const chosen = this.aspectInputs[this.draft().aspect];
      if (chosen?.disabled && answered[0]) {
        this.draft().aspect = answered[0];
        const first = this.aspectInputs[answered[0]];
        if (first) first.checked = true;
      }
    }
  }

  /** An outbox command of ours was stored by the server. */
  confirmed(entry: OutboxEntry): void {
    const kind = this.sent.get(entry.id);
    if (!kind) return;
    this.sent.delete(entry.id);
    if (kind === 'propose' && this.proposeStatus) this.proposeStatus.textContent = t('roadmap.propose.sent');
    if (kind === 'explain' && this.explainStatus) this.explainStatus.textContent = t('roadmap.explain.sent');
  }

  /** The server refused a roadmap command: say why, and give a refused text back to its field. */
  rejected(entry: OutboxEntry, code: string): void {
    const kind = this.sent.get(entry.id);
    this.sent.delete(entry.id);
    this.showError(roadmapErrorText(code));
    const c = entry.command;
    if (c.type === 'propose' && c.statement === this.statement && this.propose && this.propose.input.value === '') {
      this.propose.input.value = c.text;
      this.propose.refresh();
    }
    if (kind === 'propose' && this.proposeStatus) this.proposeStatus.textContent = '';
    if (kind === 'explain' && this.explainStatus) this.explainStatus.textContent = '';
  }

  private showError(text: string): void {
    this.error.textContent = text;
  }

  private draft(statement = this.statement): Draft {
    let d = this.drafts.get(statement);
    if (!d) {
      d = { propose: '', explain: '', aspect: 'current', signed: false };
      this.drafts.set(statement, d);
    }
    return d;
  }

  private actionItem(a: RoadmapAction, voted: boolean, pending: boolean, left: number, closed: boolean): HTMLElement {
    const textId = uid('rp-action');
    const chips = [
      a.status !== 'proposed' ? h('span', { class: 'rm-chip', 'data-status': a.status }, t(`roadmap.status.${a.status}`)) : null,
      a.horizon ? h('span', { class: 'rm-chip rm-chip--plain' }, t(`roadmap.horizon.${a.horizon}`)) : null,
    ].filter(Boolean);
    const button = h(
      'button',
      {
        type: 'button',
        class: 'btn rp-vote',
        'aria-pressed': String(voted),
        'aria-label': t('roadmap.voteLabel', { text: shownText(a.text) }),
        'aria-disabled': closed ? 'true' : null,
        // no votes left: still a button, so a tap says why nothing happens
        'data-full': !voted && left === 0 ? 'true' : null,
        'data-key': `vote-${a.id}`,
        'data-testid': 'vote',
        onclick: () => this.toggle(a, voted, left, closed),
      },
      t('roadmap.vote'),
    );
    return h(
      'li',
      { class: 'rp-action', 'data-action': a.id, 'data-voted': String(voted) },
      h(
        'div',
        { class: 'rp-action__body' },
        h('p', { class: 'rp-action__text', id: textId, 'data-testid': 'action-text' }, shownText(a.text)),
        chips.length ? h('p', { class: 'rp-action__chips' }, chips) : null,
      ),
      h(
        'div',
        { class: 'rp-action__side' },
        h('span', { class: 'rp-action__votes', 'data-testid': 'action-votes' }, plural('roadmap.votes', a.votes)),
        button,
        pending ? h('span', { class: 'rp-action__pending' }, t('roadmap.saving')) : null,
      ),
    );
  }

  private toggle(a: RoadmapAction, voted: boolean, left: number, closed: boolean): void {
    if (closed) {
      this.showError(roadmapErrorText('session_closed'));
      return;
    }
    if (!voted && left === 0) {
      this.showError(t('roadmap.budgetUsed'));
      return;
    }
    this.showError('');
    this.deps.send({ type: voted ? 'unvote' : 'vote', action_id: a.id });
  }

  private buildForms(statement: number): void {
    // keep what was typed for the statement we leave
    if (this.statement && this.propose && this.explain) {
      const d = this.draft();
      d.propose = this.propose.input.value;
      d.explain = this.explain.input.value;
      d.signed = this.signed?.checked ?? false;
    }
    this.statement = statement;
    this.error.textContent = '';
    const d = this.draft(statement);

    const propose = countedField('propose-text', LIMITS.action, t('roadmap.propose.hint'), 3);
    propose.input.value = d.propose;
    propose.refresh();
    const proposeStatus = h('p', { class: 'rp-status', role: 'status', 'data-testid': 'propose-status' });
    const proposeForm = h(
      'form',
      { class: 'rp-form', 'data-testid': 'propose-form', novalidate: true },
      propose.element,
      h('button', { type: 'submit', class: 'btn btn--primary', 'data-key': 'propose-submit' }, t('roadmap.propose.submit')),
      proposeStatus,
    );
    proposeForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const checked = proposeCommand(statement, propose.input.value);
      if (!checked.ok) {
        this.showError(roadmapErrorText(checked.code));
        propose.input.focus();
        return;
      }
      this.showError('');
      const entry = this.deps.send(checked.command);
      this.sent.set(entry.id, 'propose');
      propose.input.value = '';
      propose.refresh();
      d.propose = '';
      proposeStatus.textContent = t('roadmap.propose.waiting');
    });

    const explain = countedField('explain-text', LIMITS.explanation, t('roadmap.explain.replace'), 4);
    explain.input.value = d.explain;
    explain.refresh();
    explain.label.textContent = t('roadmap.explain.label');
    const aspectName = uid('rp-aspect');
    this.aspectInputs = {};
    this.aspectLabels = {};
    const aspects = h(
      'fieldset',
      { class: 'rp-aspects' },
      h('legend', null, t('roadmap.explain.about')),
      ASPECTS.map((aspect) => {
        const input = h('input', { type: 'radio', name: aspectName, value: aspect, checked: d.aspect === aspect, 'data-key': `explain-${aspect}` });
        input.addEventListener('change', () => {
          if (input.checked) d.aspect = aspect;
        });
        const text = h('span', null);
        this.aspectInputs[aspect] = input;
        this.aspectLabels[aspect] = text;
        return h('label', { class: 'choice rp-aspect' }, input, text);
      }),
    );
    const signed = h('input', { type: 'checkbox', checked: d.signed, 'data-testid': 'explain-signed', 'data-key': 'explain-signed' });
    signed.addEventListener('change', () => (d.signed = signed.checked));
    const explainStatus = h('p', { class: 'rp-status', role: 'status', 'data-testid': 'explain-status' });
    const explainForm = h(
      'form',
      { class: 'rp-form', 'data-testid': 'explain-form', novalidate: true },
      aspects,
      explain.element,
      h('label', { class: 'choice' }, signed, t('roadmap.explain.signed')),
      h('button', { type: 'submit', class: 'btn btn--secondary', 'data-key': 'explain-submit' }, t('roadmap.explain.submit')),
      explainStatus,
    );
    explainForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const aspect = ASPECTS.find((a) => this.aspectInputs[a]?.checked) ?? d.aspect;
      if (this.view && this.view.answer[aspect] === null) {
        this.showError(roadmapErrorText('no_answer'));
        return;
      }
      const checked = explainCommand(statement, aspect, explain.input.value, signed.checked);
      if (!checked.ok) {
        this.showError(roadmapErrorText(checked.code));
        explain.input.focus();
        return;
      }
      this.showError('');
      const entry = this.deps.send(checked.command);
      this.sent.set(entry.id, 'explain');
      explainStatus.textContent = t('roadmap.saving');
    });
    const explainBox = h(
      'details',
      { class: 'rp-explain', 'data-testid': 'explain' },
      h('summary', { class: 'rp-explain__summary' }, t('roadmap.explain.title')),
      explainForm,
    );

    this.propose = propose;
    this.proposeStatus = proposeStatus;
    this.explain = explain;
    this.explainBox = explainBox;
    this.explainStatus = explainStatus;
    this.signed = signed;
    replaceChildren(this.forms, proposeForm);
    replaceChildren(this.explainHost, explainBox);
  }
}
