// Following the facilitator's focus: when they send everyone to a statement, the participant's screen goes
// there and says so; while the participant types, it only offers the way there. Someone who just joined
// starts where the group is; someone already mid-way whose device never saw a focus stays where they are.
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { hasAnswers, newFocus, type ParticipantModel } from '../lib/state';
import type { Navigation } from './navigation';
import type { Notices } from './notices';

export class FocusFollower {
  constructor(
    private readonly main: HTMLElement,
    private readonly nav: Navigation,
    private readonly notices: Notices,
  ) {}

  /** A snapshot was applied (`arriving`: the first this page got): follows a focus it has not seen yet. */
  onSnapshot(model: ParticipantModel, arriving: boolean): ParticipantModel {
    const focus = newFocus(model);
    if (focus) {
      // just joined (nothing answered yet): start where the group is. A participant already mid-way whose
      // device never saw a focus is left where they are; a focus that changed while they were away is news.
      const midway = model.focusSeen === null && (hasAnswers(model) || this.nav.openedAt !== 0);
      if (!midway) this.follow(model, focus.statement, !arriving);
      model = { ...model, focusSeen: focus.number };
    }
    return model;
  }

  /** An update was applied: follows a focus it has not seen yet. */
  onUpdate(model: ParticipantModel): ParticipantModel {
    const focus = newFocus(model);
    if (focus) {
      this.follow(model, focus.statement, true);
      model = { ...model, focusSeen: focus.number };
    }
    return model;
  }

  /**
   * The facilitator sent everyone to `statement`: go there, and say so (`tell`) unless it is where the
   * participant arrives anyway. While they type, only offer the way there.
   */
  private follow(model: ParticipantModel, statement: number, tell: boolean): void {
    const { main, nav, notices } = this;
    if (model.removed || model.session?.closed) return;
    if (nav.view === 'statement' && nav.current === statement) {
      notices.tellMoved();
      return;
    }
    if (typing()) {
      notices.tellMoved(
        t('participant.focusAsk', { n: statement }),
        ' ',
        h(
          'button',
          { type: 'button', class: 'btn btn--secondary btn--small', 'data-testid': 'follow-focus', onclick: () => nav.goTo(statement) },
          t('statement.goTo', { n: statement }),
        ),
      );
      return;
    }
    // focus moves with the page only when it was on the page that is replaced (else it stays where it is)
    const focusOnPage = main.contains(document.activeElement) && document.activeElement !== main;
    nav.current = statement;
    nav.view = 'statement';
    notices.announce('');
    if (tell) notices.tellMoved(t('participant.focusMoved', { n: statement }));
    else notices.tellMoved();
    if (focusOnPage) nav.focusHeadingNext = true;
    nav.writeAddress();
  }
}

/** Whether the participant is typing (a text field has focus): then the page must not move under them. */
function typing(): boolean {
  const el = document.activeElement;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) {
    return !['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(el.type);
  }
  return el instanceof HTMLElement && el.isContentEditable;
}
