// Dashboard panels built in a DOM (happy-dom): what the "least consensus" list and the departments panel say
// with few answers.
import { describe, expect, it } from 'vitest';
import { departmentsPanel } from '../../src/facilitator/departments-panel';
import { leastConsensus } from '../../src/facilitator/analysis';
import { emptyModel, emptyStatements, type DashboardModel, type Departments, type Summary } from '../../src/facilitator/model';
import { PendingControls } from '../../src/facilitator/pending';
import { rankingPanel } from '../../src/facilitator/ranking';
import type { DashActions, DashView } from '../../src/facilitator/view';

const actions: DashActions = { send: () => {}, select: () => {} };

function view(model: Partial<DashboardModel>): DashView {
  return {
    model: { ...emptyModel, ...model },
    catalogue: null,
    selected: 1,
    projector: false,
    pending: new PendingControls(),
    municipalityName: '',
    joinUrl: '',
  };
}

const withSummary = (summary: Summary) => view({ rounds: [{ round: 1, statements: emptyStatements(), summary }] });
const visible = (el: HTMLElement) => !el.hidden && !el.closest('[hidden]');
const listed = (root: HTMLElement, testId: string) =>
  [...root.querySelectorAll<HTMLElement>(`[data-testid=${testId}] li`)].map((li) => Number(li.dataset.statement));

describe('least consensus', () => {
  // two answers: the server ranks every answered statement by consensus, unanimous ones too
  const few: Summary = {
    participantCount: 2,
    byGap: [
      { statement: 3, gap: 2 },
      { statement: 1, gap: 1 },
      { statement: 2, gap: 0 },
    ],
    byDisagreement: [
      { statement: 2, aspect: 'current', consensus: 0.59 },
      { statement: 3, aspect: 'desired', consensus: 0.79 },
      { statement: 1, aspect: 'current', consensus: 0.8 },
      { statement: 4, aspect: 'current', consensus: 1 },
    ],
  };

  it('lists only statements whose consensus is not high (the bands of the badges)', () => {
    expect(leastConsensus(few).map((r) => r.statement)).toEqual([2, 3]);
    expect(leastConsensus(few, 1).map((r) => r.statement)).toEqual([2]);
    expect(leastConsensus(null)).toEqual([]);
  });

  it('shows them in the panel, and says when there is none yet', () => {
    const panel = rankingPanel(actions);
    panel.update(withSummary(few));
    expect(listed(panel.element, 'ranking-disagreement')).toEqual([2, 3]);
    const none = panel.element.querySelector<HTMLElement>('[data-testid=ranking-disagreement-none]')!;
    expect(visible(none)).toBe(false);

    const unanimous: Summary = { ...few, byDisagreement: few.byDisagreement.filter((r) => r.consensus >= 0.8) };
    panel.update(withSummary(unanimous));
    expect(listed(panel.element, 'ranking-disagreement')).toEqual([]);
    expect(visible(none)).toBe(true);
    expect(none.textContent).toBe('Nog geen stelling zonder hoge overeenstemming.');
    // the other lists still show the answered statements
    expect(listed(panel.element, 'ranking-gap')).toEqual([3, 1, 2]);

    // no answers at all: the panel says that once, not also "none without high consensus"
    panel.update(view({}));
    expect(visible(none)).toBe(false);
  });
});

describe('departments', () => {
  const departments = (rows: Departments['rows']): Departments => ({ minRespondents: 5, rows });
  /** the visible paragraphs that speak of the threshold */
  const threshold = (root: HTMLElement) =>
    [...root.querySelectorAll<HTMLElement>('p')].filter((p) => visible(p) && /\b5 deelnemers\b/.test(p.textContent ?? ''));

  it('says once that departments below k participants are not shown', () => {
    const panel = departmentsPanel();
    panel.update(view({ departments: departments([]) }));
    expect(threshold(panel.element).map((p) => p.textContent)).toEqual(['Nog geen afdeling met ten minste 5 deelnemers.']);

    panel.update(view({ departments: departments([{ department: 'ICT', participants: 5, current: 2, desired: 4, themes: [] }]) }));
    expect(threshold(panel.element).map((p) => p.textContent)).toEqual(['Afdelingen met minder dan 5 deelnemers worden niet getoond.']);
  });
});
