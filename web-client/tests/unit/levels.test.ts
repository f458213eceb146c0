// The cumulative level model, and the staircase component drawn from it: choosing 3 visibly includes 1
// and 2, marks 3 as chosen (in words, not only colour), leaves 4 and 5 above; a native radio group.
import { describe, expect, it, vi } from 'vitest';
import { levelChoice } from '../../src/components/level-choice';
import { normaliseCatalogue } from '../../src/lib/api';
import { initLanguage } from '../../src/lib/i18n';
import { cumulativeSteps, gapOf } from '../../src/lib/levels';
import { memoryStore } from '../../src/lib/storage';
import catalogueFile from '../../../data/catalogue.json';

describe('cumulativeSteps', () => {
  it('marks the chosen level, the ones below as included and the ones above', () => {
    expect(cumulativeSteps(3).map((s) => s.state)).toEqual(['included', 'included', 'chosen', 'above', 'above']);
    expect(cumulativeSteps(1).map((s) => s.state)).toEqual(['chosen', 'above', 'above', 'above', 'above']);
    expect(cumulativeSteps(5).map((s) => s.state)).toEqual(['included', 'included', 'included', 'included', 'chosen']);
  });

  it('draws nothing filled when nothing is chosen, and steps that grow', () => {
    expect(cumulativeSteps(null).every((s) => s.state === 'empty')).toBe(true);
    expect(cumulativeSteps(null).map((s) => s.height)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('computes the gap only when both answers exist', () => {
    expect(gapOf(2, 4)).toBe(2);
    expect(gapOf(4, 2)).toBe(-2);
    expect(gapOf(null, 4)).toBeNull();
  });
});

describe('levelChoice', () => {
  initLanguage(memoryStore());
  const catalogue = normaliseCatalogue(catalogueFile, 'nl');

  it('is a fieldset of five radios with a legend, the statement level descriptions and cumulative states', () => {
    const el = levelChoice({
      catalogue,
      statement: 1,
      aspect: 'current',
      value: 3,
      pending: false,
      disabled: false,
      onChoose: () => {},
    });
    document.body.replaceChildren(el);
    expect(el.tagName).toBe('FIELDSET');
    expect(el.querySelector('legend')?.textContent).toContain('Huidige situatie');
    const radios = [...el.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => r.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
    expect(radios.map((r) => r.checked)).toEqual([false, false, true, false, false]);
    const steps = [...el.querySelectorAll<HTMLElement>('.step')];
    expect(steps.map((s) => s.dataset.state)).toEqual(['included', 'included', 'chosen', 'above', 'above']);
    expect(steps[0]!.textContent).toContain('inbegrepen');
    expect(steps[2]!.textContent).toContain('gekozen');
    expect(steps[2]!.textContent).toContain(catalogue.statements[0]!.levels[2]!);
    const described = document.getElementById(radios[2]!.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe(catalogue.statements[0]!.levels[2]);
  });

  it('reports the chosen level and can be disabled (a closed statement)', () => {
    const onChoose = vi.fn();
    const el = levelChoice({ catalogue, statement: 2, aspect: 'desired', value: null, pending: false, disabled: false, onChoose });
    document.body.replaceChildren(el);
    el.querySelectorAll<HTMLInputElement>('input')[3]!.click();
    expect(onChoose).toHaveBeenCalledWith(4);
    const locked = levelChoice({ catalogue, statement: 2, aspect: 'desired', value: 2, pending: false, disabled: true, onChoose });
    expect(locked.disabled).toBe(true);
    expect([...locked.querySelectorAll('input')].every((i) => i.disabled)).toBe(true);
  });

  it('says when the shown answer still waits to be sent', () => {
    const el = levelChoice({ catalogue, statement: 2, aspect: 'desired', value: 2, pending: true, disabled: false, onChoose: () => {} });
    expect(el.querySelector('legend')?.textContent).toContain('wacht op verzending');
  });
});
