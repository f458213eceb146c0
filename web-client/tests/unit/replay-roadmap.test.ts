// What the replay's roadmap panel leans on: the timeline's roadmap moments have labels in both languages (and
// a kind the client does not know yet reads as a word, not as a broken page), and a text erased since the
// workshop (null from the server) stays a row or conclusion that reads "(verwijderd)".
import { afterEach, describe, expect, it } from 'vitest';
import { initLanguage, setLanguage } from '../../src/lib/i18n';
import { parseRoadmap } from '../../src/lib/roadmap';
import { shownText } from '../../src/lib/roadmap-text';
import { memoryStore } from '../../src/lib/storage';
import type { Marker } from '../../src/replay/api';
import { markerLabel } from '../../src/replay/format';

initLanguage(memoryStore());
afterEach(() => setLanguage('nl'));

const marker = (kind: string, statement?: number) => ({ kind, statement }) as Marker;

describe('roadmap moments on the timeline', () => {
  it('have labels with their statement, in Dutch and English', () => {
    expect(markerLabel(marker('action_proposed', 3))).toBe('Actie voorgesteld bij stelling 3');
    expect(markerLabel(marker('actions_merged'))).toBe('Dubbele actie samengevoegd');
    expect(markerLabel(marker('explanations_shown', 4))).toBe('Toelichtingen bij stelling 4 getoond');
    expect(markerLabel(marker('conclusion_recorded', 5))).toBe('Conclusie bij stelling 5');
    expect(markerLabel(marker('statement_focused', 6))).toBe('Focus op stelling 6');
    setLanguage('en');
    expect(markerLabel(marker('action_proposed', 3))).toBe('Action proposed for statement 3');
    expect(markerLabel(marker('conclusion_recorded', 5))).toBe('Conclusion for statement 5');
  });

  it('word a kind from a newer server instead of failing', () => {
    expect(markerLabel(marker('something_new'))).toBe('Gebeurtenis (something_new)');
  });
});

describe('erased texts', () => {
  const roadmap = parseRoadmap({
    vote_budget: 5,
    actions: [{ action_id: 'a-1', order: 1, statement: 2, text: null, votes: 1, status: 'proposed', horizon: null, owner: null }],
    conclusions: [
      { statement: 2, text: null },
      { statement: 3, text: 'Kept' },
    ],
  })!;

  it('keep the action and the conclusion, without words', () => {
    expect(roadmap.actions.map((a) => a.text)).toEqual(['']);
    expect(roadmap.conclusions).toEqual({ 2: '', 3: 'Kept' });
  });

  it('read "(verwijderd)" / "(removed)"', () => {
    expect(shownText(roadmap.actions[0]!.text)).toBe('(verwijderd)');
    expect(shownText(roadmap.conclusions[3]!)).toBe('Kept');
    setLanguage('en');
    expect(shownText('')).toBe('(removed)');
  });
});
