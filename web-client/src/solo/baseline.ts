// A solo self-assessment compared with the respondent's own earlier one (docs/protocol.md, "Re-assessment: a
// baseline"; loaded on demand, with the re-assessment's strings). Two parts:
// - SoloBaselineOffer, at the start of the questionnaire when this browser knows an earlier solo of the same
//   municipality (solo/history.ts): "Vergelijk met uw vorige zelfevaluatie van <datum>" sends `choose_baseline`
//   with that solo's id and its own key; "Niet nu" puts it away. It goes once something is answered.
// - SoloBaselineSection, on the result page: without a baseline the same offers and a pasted review link;
//   with one "Sinds uw vorige zelfevaluatie" from the personal report's `baseline` (GET …/my-report): per theme
//   then → today with the change, the statements that moved most, and (for a workshop pasted as the baseline)
//   its actions; "Niet meer vergelijken" sends `remove_baseline`. It loads again whenever the session names
//   another baseline.
// Both send through the page's outbox, so a choice made offline goes when the connection is back.
import { fetchReportBaseline } from '../baseline/api';
import {
  baselineErrorText,
  bplural,
  bt,
  chooseFromPaste,
  formatDay,
  movedLines,
  sessionBaseline,
  type ReportBaseline,
  type ReportLine,
} from '../baseline/logic';
import { sinceCell } from '../baseline/since-cell';
import { setAttr, setText } from '../facilitator/format';
import { h, replaceChildren, uid } from '../lib/dom';
import { language } from '../lib/i18n';
import type { OutboxCommand, OutboxEntry } from '../lib/outbox';
import type { SessionInfo } from '../lib/protocol';
import { keys, type KeyValueStore } from '../lib/storage';
import type { AssessmentExtension, AssessmentExtensionContext } from '../participant/assessment';
import { answeredCount, chooseOwnSolo, earlierSolos, forgetSolo, ownSolo, type SoloHistoryEntry } from './history';
import './baseline.css';

/** How many of the browser's earlier solos are offered at once. */
const OFFERED = 3;
/** After a choice, the report may not name the baseline yet: it is asked again this often, this much later. */
const RETRIES = 3;
const RETRY_MS = 1000;

type Choice = { type: 'choose_baseline'; baseline_session_id: string; token?: string };
type From = 'pick' | 'paste' | 'remove';

const isBaselineCommand = (c: OutboxCommand): boolean => c.type === 'choose_baseline' || c.type === 'remove_baseline';

/**
 * An acknowledged command that changed nothing: the baseline chosen already, or removed when there was none.
 * (An ack comes before the update that shows a change, so only these can be told at the ack.)
 */
const noChange = (c: OutboxCommand, chosen: string | null): boolean =>
  (c.type === 'choose_baseline' && c.baseline_session_id === chosen) || (c.type === 'remove_baseline' && chosen === null);

/**
 * The solo's baseline commands as one control: waiting while one is in the outbox, a refusal kept to be said
 * where the respondent acted. An own earlier solo the server no longer knows, or whose key it no longer takes,
 * is forgotten, so it is not offered again.
 */
class BaselineCommands {
  error: { code: string; from: From } | null = null;
  private from: From = 'pick';

  constructor(private readonly store: KeyValueStore) {}

  send(send: (command: OutboxCommand) => OutboxEntry, command: Choice | { type: 'remove_baseline' }, from: From): void {
    this.error = null;
    this.from = from;
    send(command);
  }

  busy(waiting: readonly OutboxEntry[]): boolean {
    return waiting.some((e) => isBaselineCommand(e.command));
  }

  settled(entry: OutboxEntry, code: string | null): boolean {
    const c = entry.command;
    if (!isBaselineCommand(c)) return false;
    if (code === null) {
      this.error = null;
      return true;
    }
    this.error = { code, from: this.from };
    if (c.type === 'choose_baseline' && (code === 'unknown_baseline' || code === 'baseline_not_shared')) {
      const own = ownSolo(this.store, c.baseline_session_id);
      if (own && own.facilitator_token === c.token) forgetSolo(this.store, own.session_id);
    }
    return true;
  }
}

/** The offers of earlier solos: the newest "vorige", each one click. */
function offerButtons(entries: SoloHistoryEntry[], busy: boolean, pick: (e: SoloHistoryEntry) => void, primary: boolean): HTMLElement[] {
  return entries.slice(0, OFFERED).map((e, i) => {
    const date = formatDay(e.date);
    const label = i === 0 ? bt('bl.solo.offer.pick', { date }) : bt('bl.solo.offer.pickOlder', { date });
    return h(
      'button',
      {
        type: 'button',
        class: `btn ${primary && i === 0 ? 'btn--primary' : 'btn--secondary'} sb-pick`,
        'data-testid': 'solo-baseline-pick',
        'data-session': e.session_id,
        'data-key': `solo-baseline-pick-${e.session_id}`,
        'aria-disabled': busy ? 'true' : null,
        'aria-busy': busy ? 'true' : null,
        onclick: () => {
          if (!busy) pick(e);
        },
      },
      busy ? `${label} · ${bt('bl.pending')}` : label,
    );
  });
}

/** Gives the focus back to the control with this data-key inside `root`, after its content was made anew. */
function refocus(root: HTMLElement, key: string | undefined): void {
  if (key) root.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus({ preventScroll: true });
}

const focusedKey = (root: HTMLElement): string | undefined => {
  const active = document.activeElement as HTMLElement | null;
  return active && root.contains(active) ? active.dataset?.key : undefined;
};

// --- at the start of the questionnaire ---------------------------------------------------------------

export interface OfferOptions {
  store: KeyValueStore;
  sessionId: string;
  municipality: { code: string; name: string };
}

/** The offer at the start of a solo: rendered into `host` (the page's slot) on every render of the page. */
export class SoloBaselineOffer implements AssessmentExtension {
  private readonly commands: BaselineCommands;
  private wasChosen: string | null | undefined = undefined;
  /** the respondent chose or removed here: when that lands, the focus goes to what the offer now says */
  private acted = false;

  constructor(
    readonly element: HTMLElement,
    private readonly opts: OfferOptions,
  ) {
    this.commands = new BaselineCommands(opts.store);
  }

  settled(entry: OutboxEntry, code: string | null): boolean {
    const ours = this.commands.settled(entry, code);
    if (ours && (code !== null || noChange(entry.command, this.wasChosen ?? null))) this.acted = false;
    return ours;
  }

  update(ctx: AssessmentExtensionContext): void {
    const host = this.element;
    const { store, sessionId, municipality } = this.opts;
    const chosen = sessionBaseline(ctx.model.session?.baseline)?.session_id ?? null;
    const changed = this.wasChosen !== undefined && chosen !== this.wasChosen;
    if (changed) ctx.say(chosen ? bt('bl.solo.chosen') : bt('bl.solo.removed'));
    this.wasChosen = ctx.model.session ? chosen : undefined;
    const offers = earlierSolos(store, municipality.code, sessionId);
    const dismissed = store.getItem(keys.soloOfferDismissed(sessionId)) === '1';
    const started = answeredCount(ctx.answers) > 0;
    const show = !!ctx.model.session && !started && (chosen !== null || (!dismissed && offers.length > 0));
    host.hidden = !show;
    host.className = 'sb-offer';
    setAttr(host, 'data-testid', 'solo-offer');
    setAttr(host, 'data-state', chosen ? 'chosen' : 'offer');
    setAttr(host, 'aria-label', bt('bl.solo.offer.label'));
    setAttr(host, 'role', 'region');
    if (!show) {
      host.textContent = '';
      return;
    }
    const key = changed && this.acted ? 'solo-offer-text' : focusedKey(host);
    if (changed) this.acted = false;
    const busy = this.commands.busy(ctx.waiting);
    const err = this.commands.error;
    const error = h('p', { class: 'sb-error', role: 'alert', 'data-testid': 'solo-offer-error' }, err ? baselineErrorText(err.code, 2, language(), 'solo') : '');
    if (chosen) {
      const own = ownSolo(store, chosen);
      replaceChildren(
        host,
        h(
          'p',
          { class: 'sb-offer__text', tabindex: '-1', 'data-testid': 'solo-offer-chosen', 'data-key': 'solo-offer-text' },
          h('span', { class: 'sb-check', 'aria-hidden': 'true' }, '✓ '),
          own ? bt('bl.solo.offer.chosen', { date: formatDay(own.date) }) : bt('bl.solo.offer.chosenOther'),
        ),
        h(
          'p',
          { class: 'sb-offer__actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn--ghost btn--small',
              'data-testid': 'solo-offer-remove',
              'data-key': 'solo-offer-remove',
              'aria-disabled': busy ? 'true' : null,
              onclick: () => {
                if (busy) return;
                this.acted = true;
                this.commands.send(ctx.send, { type: 'remove_baseline' }, 'remove');
              },
            },
            busy ? `${bt('bl.solo.remove')} · ${bt('bl.pending')}` : bt('bl.solo.remove'),
          ),
        ),
        error,
      );
    } else {
      replaceChildren(
        host,
        h('p', { class: 'sb-offer__text', tabindex: '-1', 'data-key': 'solo-offer-text' }, bt('bl.solo.offer.intro', { name: municipality.name })),
        h(
          'p',
          { class: 'sb-offer__actions' },
          offerButtons(
            offers,
            busy,
            (e) => {
              this.acted = true;
              this.commands.send(ctx.send, chooseOwnSolo(e), 'pick');
            },
            true,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn--ghost btn--small',
              'data-testid': 'solo-offer-later',
              'data-key': 'solo-offer-later',
              onclick: () => {
                store.setItem(keys.soloOfferDismissed(sessionId), '1');
                this.update(ctx);
              },
            },
            bt('bl.solo.offer.later'),
          ),
        ),
        error,
      );
    }
    refocus(host, key);
  }
}

// --- on the result page ------------------------------------------------------------------------------

export interface SectionOptions {
  store: KeyValueStore;
  sessionId: string;
  /** the participant's token: it opens their own report */
  participantToken: string;
  municipality: { code: string; name: string };
  send: (command: OutboxCommand) => OutboxEntry;
  waiting: () => readonly OutboxEntry[];
}

/** "Sinds uw vorige zelfevaluatie" on the solo result page, or the choice of something to compare with. */
export class SoloBaselineSection {
  readonly element: HTMLElement;
  private readonly commands: BaselineCommands;
  // data-key: the result page's re-render gives it the focus back
  private readonly heading = h('h2', { id: uid('sb-title'), tabindex: '-1', 'data-testid': 'solo-baseline-title', 'data-key': 'solo-baseline-title' });
  private readonly status = h('p', { class: 'visually-hidden', role: 'status', 'data-testid': 'solo-baseline-status' });
  private readonly body = h('div', { class: 'sb-body' });
  // the pasted link keeps what was typed across renders
  private readonly linkInput: HTMLInputElement;
  private readonly keyInput: HTMLInputElement;
  private readonly paste: HTMLDetailsElement;
  private readonly pasteError = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'solo-baseline-paste-error' });
  private readonly pasteParts: { summary: HTMLElement; linkLabel: HTMLElement; linkHint: HTMLElement; keyLabel: HTMLElement; keyHint: HTMLElement; submit: HTMLButtonElement };
  /** the session's baseline as the server last said; undefined before the first word of it */
  private chosen: string | null | undefined = undefined;
  private report: ReportBaseline | null = null;
  private loadError: string | null = null;
  private inflight: AbortController | null = null;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private chooserOpen = false;
  private focusHeadingNext = false;
  private disposed = false;

  constructor(private readonly opts: SectionOptions) {
    this.commands = new BaselineCommands(opts.store);
    this.element = h(
      'section',
      { class: 'card sb', 'aria-labelledby': this.heading.id, 'data-testid': 'solo-baseline', 'data-state': 'none' },
      this.heading,
      this.status,
      this.body,
    );
    const linkId = uid('sb-link');
    const keyId = uid('sb-key');
    const linkHintId = uid('sb-link-hint');
    const keyHintId = uid('sb-key-hint');
    this.linkInput = h('input', { id: linkId, class: 'input', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': linkHintId, 'data-testid': 'solo-baseline-link' });
    this.keyInput = h('input', { id: keyId, class: 'input', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': keyHintId, 'data-testid': 'solo-baseline-key' });
    this.pasteParts = {
      summary: h('summary', { class: 'sb-paste__summary' }),
      linkLabel: h('label', { class: 'label', for: linkId }),
      linkHint: h('p', { class: 'hint', id: linkHintId }),
      keyLabel: h('label', { class: 'label', for: keyId }),
      keyHint: h('p', { class: 'hint', id: keyHintId }),
      submit: h('button', { type: 'submit', class: 'btn btn--secondary', 'data-testid': 'solo-baseline-paste-submit', 'data-key': 'solo-baseline-paste-submit' }) as HTMLButtonElement,
    };
    const p = this.pasteParts;
    const form = h(
      'form',
      { class: 'sb-paste__form', novalidate: true, 'data-testid': 'solo-baseline-paste' },
      p.linkLabel,
      p.linkHint,
      this.linkInput,
      p.keyLabel,
      p.keyHint,
      this.keyInput,
      this.pasteError,
      h('p', { class: 'sb-paste__actions' }, p.submit),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (p.submit.getAttribute('aria-disabled') === 'true') return;
      if (!this.linkInput.value.trim()) return this.pasteRefused(bt('bl.paste.empty'));
      const command = chooseFromPaste(this.linkInput.value, this.keyInput.value);
      if (!command) return this.pasteRefused(bt('bl.paste.invalid'));
      setText(this.pasteError, '');
      this.linkInput.removeAttribute('aria-invalid');
      this.choose(command, 'paste');
    });
    this.paste = h('details', { class: 'sb-paste' }, p.summary, form) as HTMLDetailsElement;
    this.render();
  }

  /** The session as the last snapshot or update described it: another baseline is loaded. */
  sync(session: SessionInfo | null | undefined): void {
    if (this.disposed || !session) return;
    const id = sessionBaseline(session.baseline)?.session_id ?? null;
    if (id === this.chosen) return;
    const first = this.chosen === undefined;
    this.chosen = id;
    this.chooserOpen = false;
    if (id) {
      this.linkInput.value = '';
      this.keyInput.value = '';
      this.paste.open = false;
    }
    this.retries = 0;
    this.load();
    if (!first && this.focusHeadingNext) {
      // the respondent's choice (or its removal) landed: the heading says what the section now shows
      this.focusHeadingNext = false;
      setText(this.status, id ? bt('bl.solo.chosen') : bt('bl.solo.removed'));
      this.heading.focus();
    }
  }

  settled(entry: OutboxEntry, code: string | null): boolean {
    const ours = this.commands.settled(entry, code);
    if (ours) {
      // refused, or acknowledged without a change (that one again): no update will come to take the focus
      if (code !== null || noChange(entry.command, this.chosen ?? null)) this.focusHeadingNext = false;
      this.render();
    }
    return ours;
  }

  /** The language changed: the report's names come again in the new one. */
  relabel(): void {
    this.retries = 0;
    this.load();
  }

  dispose(): void {
    this.disposed = true;
    this.inflight?.abort();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private choose(command: Choice, from: From): void {
    this.focusHeadingNext = true;
    this.commands.send(this.opts.send, command, from);
    this.render();
  }

  private remove(): void {
    this.focusHeadingNext = true;
    this.commands.send(this.opts.send, { type: 'remove_baseline' }, 'remove');
    this.render();
  }

  private pasteRefused(message: string): void {
    setText(this.pasteError, message);
    this.linkInput.setAttribute('aria-invalid', 'true');
    this.linkInput.focus();
  }

  private load(): void {
    this.inflight?.abort();
    this.inflight = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.loadError = null;
    const chosen = this.chosen;
    if (!chosen) {
      this.report = null;
      this.render();
      return;
    }
    const controller = new AbortController();
    this.inflight = controller;
    this.render();
    fetchReportBaseline(this.opts.sessionId, this.opts.participantToken, language(), controller.signal).then(
      (report) => {
        if (controller.signal.aborted || this.disposed) return;
        this.inflight = null;
        // just chosen: the report may not have it yet; ask again a little later
        if (!report && this.retries < RETRIES) {
          this.retries++;
          this.retryTimer = setTimeout(() => this.load(), RETRY_MS);
          return;
        }
        this.report = report;
        this.render();
      },
      (err: unknown) => {
        if (controller.signal.aborted || this.disposed) return;
        this.inflight = null;
        this.loadError = bt('bl.solo.since.failed', { message: err instanceof Error ? err.message : String(err) });
        this.render();
      },
    );
  }

  private render(): void {
    if (this.disposed) return;
    const { store, sessionId, municipality } = this.opts;
    const chosen = this.chosen ?? null;
    const own = chosen ? ownSolo(store, chosen) : null;
    const report = chosen ? this.report : null;
    const key = focusedKey(this.element);
    const busy = this.commands.busy(this.opts.waiting());
    const err = this.commands.error;
    const errorAt = (from: From) =>
      err && err.from === from ? h('p', { class: 'sb-error', role: 'alert', 'data-testid': 'solo-baseline-error' }, baselineErrorText(err.code, 2, language(), 'solo')) : null;

    // not shown until the session says whether it has a baseline (no offer flashing before the comparison)
    this.element.hidden = this.chosen === undefined;
    this.element.dataset.state = !chosen ? 'none' : report ? 'ready' : this.loadError ? 'failed' : 'loading';
    setText(this.heading, !chosen ? bt('bl.solo.choose.title') : own ? bt('bl.solo.since.own') : bt('bl.since.title'));

    const parts: (HTMLElement | null)[] = [];
    if (chosen) {
      if (report) {
        const of = own
          ? bt('bl.solo.since.ownOf', { date: formatDay(own.date) })
          : bt('bl.solo.since.of', { title: report.title, date: report.date }) + (report.participants > 1 ? ` · ${bplural('bl.solo.since.people', report.participants)}` : '');
        parts.push(
          h('p', { class: 'sb-of', 'data-testid': 'solo-baseline-of' }, of),
          h('p', { class: 'hint' }, report.participants > 1 ? bt('bl.solo.since.introGroup') : bt('bl.solo.since.intro')),
          this.figures(report),
        );
      } else {
        parts.push(h('p', { class: 'sb-load', 'data-testid': 'solo-baseline-load' }, this.loadError ?? bt('bl.solo.since.loading')));
      }
      const other = h(
        'button',
        {
          type: 'button',
          class: 'btn btn--ghost btn--small',
          'aria-expanded': String(this.chooserOpen),
          'data-testid': 'solo-baseline-other',
          'data-key': 'solo-baseline-other',
          onclick: () => {
            this.chooserOpen = !this.chooserOpen;
            this.render();
          },
        },
        this.chooserOpen ? bt('bl.since.otherClose') : bt('bl.solo.other'),
      );
      const remove = h(
        'button',
        {
          type: 'button',
          class: 'btn btn--ghost btn--small',
          'data-testid': 'solo-baseline-remove',
          'data-key': 'solo-baseline-remove',
          'aria-disabled': busy ? 'true' : null,
          onclick: () => {
            if (!busy) this.remove();
          },
        },
        busy ? `${bt('bl.solo.remove')} · ${bt('bl.pending')}` : bt('bl.solo.remove'),
      );
      parts.push(h('p', { class: 'sb-controls' }, other, remove), errorAt('remove'));
    }
    if (!chosen || this.chooserOpen) {
      const offers = earlierSolos(store, municipality.code, sessionId).filter((e) => e.session_id !== chosen);
      parts.push(
        h(
          'div',
          { class: 'sb-chooser', 'data-testid': 'solo-baseline-chooser' },
          h('p', null, offers.length > 0 ? bt('bl.solo.choose.intro', { name: municipality.name }) : bt('bl.solo.choose.none', { name: municipality.name })),
          offers.length > 0 ? h('p', { class: 'sb-offers' }, offerButtons(offers, busy, (e) => this.choose(chooseOwnSolo(e), 'pick'), !chosen)) : null,
          errorAt('pick'),
          this.pasteForm(busy, errorAt('paste')),
        ),
      );
    }
    replaceChildren(this.body, parts);
    refocus(this.element, key);
  }

  private pasteForm(busy: boolean, error: HTMLElement | null): HTMLElement {
    const p = this.pasteParts;
    setText(p.summary, bt('bl.solo.paste.summary'));
    setText(p.linkLabel, bt('bl.paste.link'));
    setText(p.linkHint, bt('bl.paste.linkHint'));
    setText(p.keyLabel, bt('bl.paste.key'));
    setText(p.keyHint, bt('bl.solo.paste.keyHint'));
    setText(p.submit, busy ? `${bt('bl.solo.paste.submit')} · ${bt('bl.pending')}` : bt('bl.solo.paste.submit'));
    setAttr(p.submit, 'aria-disabled', busy ? 'true' : null);
    const actions = p.submit.parentElement!;
    for (const old of [...actions.parentElement!.querySelectorAll('.sb-error')]) old.remove();
    if (error) actions.after(error);
    if (error) this.paste.open = true;
    return this.paste;
  }

  /** Per theme then → today, the statements that moved most, and the baseline's actions when it had any. */
  private figures(report: ReportBaseline): HTMLElement {
    const headRow = (first: string) =>
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, first),
        // "toen → vandaag" is said above the tables: three lines of header on a phone would say it worse
        h('th', { scope: 'col', class: 'num' }, bt('bl.since.now')),
        h('th', { scope: 'col', class: 'num' }, bt('bl.since.ambition')),
      );
    const row = (line: ReportLine, testId: string) =>
      h(
        'tr',
        { 'data-testid': testId, ...(line.statement !== null ? { 'data-statement': line.statement } : {}) },
        h('th', { scope: 'row' }, line.statement !== null ? `${line.statement}. ${line.name}` : line.name),
        sinceCell(line.current),
        sinceCell(line.desired, 'num bl-cell bl-cell--ambition'),
      );
    const moved = movedLines(report.moved);
    const themesId = uid('sb-themes');
    const movedId = uid('sb-moved');
    return h(
      'div',
      { class: 'sb-figures' },
      h(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': themesId },
        h(
          'table',
          { class: 'scores sb-table', 'data-testid': 'solo-baseline-themes' },
          h('caption', { id: themesId }, bt('bl.since.themes')),
          h('thead', null, headRow(bt('bl.since.theme'))),
          h('tbody', null, report.themes.map((l) => row(l, 'solo-baseline-theme'))),
        ),
      ),
      h('h3', { class: 'sb-h3', id: movedId }, bt('bl.since.movers')),
      moved.length === 0
        ? h('p', { class: 'hint', 'data-testid': 'solo-baseline-moved-none' }, bt('bl.solo.since.movedNone'))
        : h(
            'div',
            { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': movedId },
            h(
              'table',
              { class: 'scores sb-table', 'data-testid': 'solo-baseline-moved' },
              h('thead', null, headRow(bt('bl.since.statement'))),
              h('tbody', null, moved.map((l) => row(l, 'solo-baseline-moved-row'))),
            ),
          ),
      h('p', { class: 'hint sb-legend' }, bt('bl.solo.since.legend')),
      report.actions.length === 0
        ? null
        : h(
            'div',
            { class: 'sb-actions' },
            h('h3', { class: 'sb-h3' }, bt('bl.actions.title')),
            h(
              'ul',
              { class: 'sb-actions__list', 'data-testid': 'solo-baseline-actions' },
              report.actions.map((a) =>
                h(
                  'li',
                  { 'data-status': a.now },
                  h('p', { class: 'sb-actions__text' }, `${a.statement}. ${a.text ?? bt('bl.actions.removedText')}`),
                  h(
                    'p',
                    { class: 'hint' },
                    [
                      a.owner ? bt('bl.actions.owner', { owner: a.owner }) : null,
                      bt('bl.actions.then', { status: bt(`bl.status.${a.then}`) }),
                      `${bt('bl.actions.now')}: ${a.reviewed ? bt(`bl.status.${a.now}`) : bt('bl.actions.unreviewed')}`,
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  ),
                ),
              ),
            ),
          ),
    );
  }
}
