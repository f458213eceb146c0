// The roadmap's two views built in a DOM (happy-dom): the participant's section (votes left, vote toggles,
// proposing with a counter, friendly refusals, what the facilitator shows) and the facilitator's panel
// (priority order with why, moderation sending the documented commands, the timeline).
import { describe, expect, it } from 'vitest';
import { emptyModel as dashEmpty, type DashboardModel } from '../../src/facilitator/model';
import { PendingControls } from '../../src/facilitator/pending';
import { roadmapPanel } from '../../src/facilitator/roadmap-panel';
import type { DashActions, DashView } from '../../src/facilitator/view';
import { setLanguage } from '../../src/lib/i18n';
import type { OutboxCommand, OutboxEntry } from '../../src/lib/outbox';
import { parseRoadmap } from '../../src/lib/roadmap';
import { emptyModel, type ParticipantModel } from '../../src/lib/state';
import { RoadmapSection } from '../../src/participant/roadmap-section';

const session = {
  session_id: 's',
  title: 'W',
  municipality: 'GM0344',
  mode: 'workshop' as const,
  round: 1,
  open: [1],
  revealed: false,
  closed: false,
};

function participant(roadmap: unknown, votes: string[], left: number | null): ParticipantModel {
  return { ...emptyModel, session, participantId: 'p', roadmap: parseRoadmap(roadmap), votes: { votes, votesLeft: left } };
}

function section() {
  const sent: OutboxCommand[] = [];
  let n = 0;
  const s = new RoadmapSection({
    send: (command) => {
      sent.push(command);
      return { id: `c${++n}`, command, queuedAt: 0 };
    },
  });
  document.body.append(s.element);
  return { s, sent };
}

const participantRoadmap = {
  vote_budget: 2,
  actions: [
    { action_id: 'a', statement: 1, text: 'Een visiedocument', votes: 1, status: 'proposed', horizon: null },
    { action_id: 'b', statement: 1, text: 'Een wethouder als trekker', votes: 3, status: 'agreed', horizon: 'now' },
    { action_id: 'c', statement: 2, text: 'Elders', votes: 9, status: 'proposed', horizon: null },
  ],
  explanations: [{ statement: 1, aspect: 'current', text: 'Er is geen visie.', name: 'Ann' }],
  conclusions: [{ statement: 1, text: 'De wethouder trekt het.' }],
};
const answered = { current: 2, desired: 4, pending: { current: false, desired: false } };
const q = (root: Element, testId: string) => root.querySelector<HTMLElement>(`[data-testid=${testId}]`)!;

describe('the participant’s roadmap section', () => {
  it('shows the statement’s actions by votes, the votes left, the conclusion and the shown explanations', () => {
    const { s } = section();
    s.update({ statement: 1, model: participant(participantRoadmap, ['b'], 1), outbox: [], answer: answered });
    const texts = [...s.element.querySelectorAll('[data-testid=action-text]')].map((e) => e.textContent);
    expect(texts).toEqual(['Een wethouder als trekker', 'Een visiedocument']);
    expect(q(s.element, 'votes-left').textContent).toBe('1 stem over');
    const pressed = [...s.element.querySelectorAll('[data-testid=vote]')].map((b) => b.getAttribute('aria-pressed'));
    expect(pressed).toEqual(['true', 'false']);
    expect(q(s.element, 'rp-conclusion').textContent).toContain('De wethouder trekt het.');
    expect(q(s.element, 'rp-explanations').textContent).toContain('Er is geen visie.');
    expect(q(s.element, 'rp-explanations').textContent).toContain('Ann');
    expect(s.element.textContent).toContain('afgesproken');
    // the proposal asks about the participant's own gap
    expect(s.element.textContent).toContain('Wat brengt ons van niveau 2 naar niveau 4?');
  });

  it('votes and takes a vote back; with no votes left it says so instead of sending', () => {
    const { s, sent } = section();
    s.update({ statement: 1, model: participant(participantRoadmap, ['b'], 1), outbox: [], answer: answered });
    const buttons = () => [...s.element.querySelectorAll<HTMLButtonElement>('[data-testid=vote]')];
    buttons()[1]!.click();
    buttons()[0]!.click();
    expect(sent).toEqual([
      { type: 'vote', action_id: 'a' },
      { type: 'unvote', action_id: 'b' },
    ]);
    s.update({ statement: 1, model: participant(participantRoadmap, ['b', 'x'], 0), outbox: [], answer: answered });
    buttons()[1]!.click();
    expect(sent).toHaveLength(2);
    expect(q(s.element, 'roadmap-error').textContent).toContain('Uw stemmen zijn op');
    expect(q(s.element, 'votes-left').textContent).toBe('0 stemmen over');
  });

  it('shows a waiting vote at once, counted against the budget', () => {
    const { s } = section();
    const outbox: OutboxEntry[] = [{ id: '1', command: { type: 'vote', action_id: 'a' }, queuedAt: 0 }];
    s.update({ statement: 1, model: participant(participantRoadmap, [], 2), outbox, answer: answered });
    expect(q(s.element, 'votes-left').textContent).toBe('1 stem over');
    expect(s.element.querySelector('[data-action=a] [data-testid=vote]')!.getAttribute('aria-pressed')).toBe('true');
    expect(s.element.querySelector('[data-action=a]')!.textContent).toContain('wordt opgeslagen');
  });

  it('counts the characters of a proposal, refuses one too long, and sends a trimmed one', () => {
    const { s, sent } = section();
    s.update({ statement: 1, model: participant(participantRoadmap, [], 2), outbox: [], answer: answered });
    const field = q(s.element, 'propose-text') as HTMLTextAreaElement;
    const form = q(s.element, 'propose-form') as HTMLFormElement;
    field.value = 'x'.repeat(285);
    field.dispatchEvent(new Event('input'));
    expect(q(s.element, 'propose-text-count').textContent).toBe('5 tekens te veel');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    form.requestSubmit();
    expect(sent).toEqual([]);
    expect(q(s.element, 'roadmap-error').textContent).toContain('niet langer dan');
    field.value = '  Een open data-portaal ';
    field.dispatchEvent(new Event('input'));
    expect(q(s.element, 'propose-text-count').textContent).toBe('24 van 280 tekens');
    form.requestSubmit();
    expect(sent).toEqual([{ type: 'propose', statement: 1, text: 'Een open data-portaal' }]);
    expect(field.value).toBe('');
    expect(q(s.element, 'propose-status').textContent).toContain('verstuurd');
    s.confirmed({ id: 'c1', command: sent[0]!, queuedAt: 0 });
    expect(q(s.element, 'propose-status').textContent).toContain('Uw voorstel staat erbij');
  });

  it('says a refusal in a friendly sentence and gives a refused proposal back', () => {
    const { s } = section();
    s.update({ statement: 1, model: participant(participantRoadmap, [], 2), outbox: [], answer: answered });
    s.rejected({ id: 'z', command: { type: 'vote', action_id: 'a' }, queuedAt: 0 }, 'action_hidden');
    expect(q(s.element, 'roadmap-error').textContent).toBe('De begeleider heeft deze actie verborgen; u kunt er niet meer op stemmen.');
    s.rejected({ id: 'y', command: { type: 'propose', statement: 1, text: 'Terug' }, queuedAt: 0 }, 'session_closed');
    expect(q(s.element, 'roadmap-error').textContent).toContain('De sessie is gesloten');
    expect((q(s.element, 'propose-text') as HTMLTextAreaElement).value).toBe('Terug');
    s.rejected({ id: 'w', command: { type: 'vote', action_id: 'a' }, queuedAt: 0 }, 'something_new');
    expect(q(s.element, 'roadmap-error').textContent).toContain('something_new');
  });

  it('offers "Why this level?" only after an answer, for the answered aspects, and sends it signed or not', () => {
    const { s, sent } = section();
    const none = { current: null, desired: null, pending: { current: false, desired: false } };
    s.update({ statement: 1, model: participant(participantRoadmap, [], 2), outbox: [], answer: none });
    expect(q(s.element, 'explain').hidden).toBe(true);
    s.update({ statement: 1, model: participant(participantRoadmap, [], 2), outbox: [], answer: { ...none, desired: 3 } });
    expect(q(s.element, 'explain').hidden).toBe(false);
    const radios = [...s.element.querySelectorAll<HTMLInputElement>('[data-testid=explain] input[type=radio]')];
    expect(radios.map((r) => r.disabled)).toEqual([true, false]);
    expect(radios[1]!.checked).toBe(true);
    (q(s.element, 'explain-text') as HTMLTextAreaElement).value = 'Omdat het moet.';
    (q(s.element, 'explain-signed') as HTMLInputElement).checked = true;
    (q(s.element, 'explain-form') as HTMLFormElement).requestSubmit();
    expect(sent).toEqual([{ type: 'explain', statement: 1, aspect: 'desired', text: 'Omdat het moet.', signed: true }]);
  });

  it('keeps what was typed when the participant pages to another statement and back', () => {
    const { s } = section();
    const model = participant(participantRoadmap, [], 2);
    s.update({ statement: 1, model, outbox: [], answer: answered });
    (q(s.element, 'propose-text') as HTMLTextAreaElement).value = 'half af';
    s.update({ statement: 2, model, outbox: [], answer: answered });
    expect((q(s.element, 'propose-text') as HTMLTextAreaElement).value).toBe('');
    expect([...s.element.querySelectorAll('[data-testid=action-text]')].map((e) => e.textContent)).toEqual(['Elders']);
    s.update({ statement: 1, model, outbox: [], answer: answered });
    expect((q(s.element, 'propose-text') as HTMLTextAreaElement).value).toBe('half af');
  });

  it('follows a language switch, keeping what was typed (the section is made once and only patched)', () => {
    const { s } = section();
    const model = participant(participantRoadmap, [], 2);
    s.update({ statement: 1, model, outbox: [], answer: answered });
    (q(s.element, 'propose-text') as HTMLTextAreaElement).value = 'half af';
    setLanguage('en');
    try {
      s.relabel();
      s.update({ statement: 1, model, outbox: [], answer: answered });
      const text = s.element.textContent ?? '';
      expect(text).toContain('Proposed actions');
      expect(text).not.toMatch(/Wat doen we eraan|Voorgestelde acties|Stem op de acties|niet verplicht/);
      expect((q(s.element, 'propose-text') as HTMLTextAreaElement).value).toBe('half af');
    } finally {
      setLanguage('nl');
    }
  });
});

const facilitatorRoadmap = {
  vote_budget: 5,
  actions: [
    { action_id: 'a1', statement: 1, text: 'Visie schrijven', by: 'participant', votes: 2, hidden: false, merged_into: null, owner: null, horizon: null, status: 'proposed' },
    { action_id: 'a2', statement: 1, text: 'Visie opschrijven', by: 'participant', votes: 1, hidden: false, merged_into: null, owner: null, horizon: null, status: 'proposed' },
    { action_id: 'b1', statement: 3, text: 'KPI’s kiezen', by: 'facilitator', votes: 0, hidden: false, merged_into: null, owner: 'Team data', horizon: '1_3_years', status: 'agreed' },
  ],
  conclusions: [{ statement: 1, text: 'Eén visie, één trekker.' }],
  explanations: [{ statement: 1, aspect: 'current', text: 'Geen visie.', name: null }],
  explanations_shown: [],
  priorities: [
    { statement: 3, score: 0.9, gap: 3, agreement: 0.8, votes: 0, gap_part: 0.375, agreement_part: 0.16, votes_part: 0 },
    { statement: 1, score: 0.6, gap: 1, agreement: 0.5, votes: 3, gap_part: 0.125, agreement_part: 0.1, votes_part: 0.3 },
  ],
};

function dashView(model: Partial<DashboardModel>, pending = new PendingControls()): DashView {
  return { model: { ...dashEmpty, session, ...model }, catalogue: null, selected: 1, projector: false, pending, municipalityName: '', joinUrl: '' };
}

describe('the facilitator’s roadmap panel', () => {
  function panel() {
    const sent: { key: string; commands: OutboxCommand[] }[] = [];
    const actions: DashActions = { send: (key, commands) => sent.push({ key, commands }), select: () => {} };
    const p = roadmapPanel(actions);
    document.body.append(p.element);
    p.update(dashView({ roadmap: parseRoadmap(facilitatorRoadmap) }));
    return { p, sent };
  }

  it('is hidden until the server sends a roadmap', () => {
    const p = roadmapPanel({ send: () => {}, select: () => {} });
    p.update(dashView({}));
    expect(p.element.hidden).toBe(true);
  });

  it('lists statements in priority order with why, and each statement’s actions by votes', () => {
    const { p } = panel();
    const order = [...p.element.querySelectorAll<HTMLElement>('.rm-stmt')].map((li) => Number(li.dataset.statement));
    expect(order.slice(0, 2)).toEqual([3, 1]);
    const first = p.element.querySelector('.rm-stmt[data-statement="3"]')!;
    expect(first.textContent).toContain('kloof +3,0');
    expect(first.textContent).toContain('overeenstemming 0,80');
    expect(first.querySelector<HTMLElement>('[data-part=gap] .rm-bar__fill')!.style.width).toBe('75%');
    const one = p.element.querySelector('.rm-stmt[data-statement="1"]')!;
    expect([...one.querySelectorAll('[data-testid=rm-action-text]')].map((e) => e.textContent)).toEqual(['Visie schrijven', 'Visie opschrijven']);
    expect(one.querySelector('[data-testid=rm-conclusion]')!.textContent).toBe('Eén visie, één trekker.');
    expect(one.textContent).toContain('Toelichtingen (1)');
  });

  it('sends the documented moderation commands', () => {
    const { p, sent } = panel();
    const row = p.element.querySelector<HTMLElement>('.rm-action[data-action=a2]')!;
    const status = row.querySelector<HTMLSelectElement>('[data-testid=rm-status]')!;
    status.value = 'agreed';
    status.dispatchEvent(new Event('change'));
    const horizon = row.querySelector<HTMLSelectElement>('[data-testid=rm-horizon]')!;
    horizon.value = 'within_1_year';
    horizon.dispatchEvent(new Event('change'));
    row.querySelector<HTMLButtonElement>('[data-testid=rm-edit]')!.click();
    row.querySelector<HTMLInputElement>('[data-testid=rm-owner-input]')!.value = ' Burgemeester ';
    row.querySelector<HTMLFormElement>('[data-testid=rm-owner]')!.requestSubmit();
    row.querySelector<HTMLSelectElement>('[data-testid=rm-merge-into]')!.value = 'a1';
    row.querySelector<HTMLFormElement>('[data-testid=rm-merge]')!.requestSubmit();
    row.querySelector<HTMLButtonElement>('[data-testid=rm-hide]')!.click();
    const one = p.element.querySelector<HTMLElement>('.rm-stmt[data-statement="1"]')!;
    one.querySelector<HTMLButtonElement>('[data-testid=rm-expl-toggle]')!.click();
    one.querySelector<HTMLTextAreaElement>('[data-testid=rm-conclude-input]')!.value = 'Anders';
    one.querySelector<HTMLFormElement>('[data-testid=rm-conclude]')!.requestSubmit();
    (p.element.querySelector('[data-testid=rm-budget-input]') as HTMLInputElement).value = '3';
    p.element.querySelector<HTMLFormElement>('[data-testid=rm-budget]')!.requestSubmit();
    expect(sent.map((s) => s.commands[0])).toEqual([
      { type: 'set_status', action_id: 'a2', status: 'agreed' },
      { type: 'set_horizon', action_id: 'a2', horizon: 'within_1_year' },
      { type: 'set_owner', action_id: 'a2', owner: 'Burgemeester' },
      { type: 'merge', action_id: 'a2', into: 'a1' },
      { type: 'hide_action', action_id: 'a2' },
      { type: 'show_explanations', statement: 1 },
      { type: 'conclude', statement: 1, text: 'Anders' },
      { type: 'vote_budget', budget: 3 },
    ]);
  });

  it('keeps a row (and what is typed in it) across updates, and shows a refusal at it', () => {
    const { p } = panel();
    const row = p.element.querySelector<HTMLElement>('.rm-action[data-action=a2]')!;
    const pending = new PendingControls();
    pending.start('rm-merge:a2', ['m1']);
    pending.reject('m1', 'invalid_merge', 'no');
    const next = { ...facilitatorRoadmap, actions: facilitatorRoadmap.actions.map((a) => (a.action_id === 'a2' ? { ...a, votes: 7 } : a)) };
    p.update(dashView({ roadmap: parseRoadmap(next) }, pending));
    expect(p.element.querySelector('.rm-action[data-action=a2]')).toBe(row);
    expect(row.textContent).toContain('7 stemmen');
    expect(row.textContent).toContain('Samenvoegen kan alleen met een andere actie van dezelfde stelling.');
  });

  it('shows the agreed actions on a timeline by horizon with their owners', () => {
    const { p } = panel();
    p.element.querySelector<HTMLButtonElement>('[data-testid=rm-view-timeline]')!.click();
    const tl = p.element.querySelector<HTMLElement>('[data-testid=rm-timeline]')!;
    expect(tl.hidden).toBe(false);
    const col = tl.querySelector('[data-horizon="1_3_years"]')!;
    expect(col.textContent).toContain('KPI’s kiezen');
    expect(col.textContent).toContain('Team data');
    expect(tl.querySelector('[data-horizon=now] .rm-card')).toBeNull();
  });
});
