// Small pure pieces: route patterns, join-code normalising, catalogue normalising and the solo scores.
import { describe, expect, it } from 'vitest';
import { normaliseCatalogue } from '../../src/lib/api';
import { compile } from '../../src/lib/router';
import { normaliseCode } from '../../src/pages/landing';
import { statementRows, themeRows } from '../../src/solo/scores';
import catalogueFile from '../../../data/catalogue.json';

describe('routes', () => {
  it('match paths with parameters and an optional trailing slash', () => {
    const { pattern, names } = compile('/join/:code');
    expect(names).toEqual(['code']);
    expect(pattern.exec('/join/AB12CD')?.[1]).toBe('AB12CD');
    expect(pattern.test('/join/AB12CD/')).toBe(true);
    expect(pattern.test('/join/')).toBe(false);
    expect(compile('/results/solo').pattern.test('/results/solo')).toBe(true);
  });
});

describe('join codes', () => {
  it('are upper-cased with spaces and dashes removed', () => {
    expect(normaliseCode(' ab-12 cd ')).toBe('AB12CD');
  });
});

describe('catalogue', () => {
  const nl = normaliseCatalogue(catalogueFile, 'nl');
  const en = normaliseCatalogue(catalogueFile, 'en');

  it('has 21 statements of five level descriptions in each language', () => {
    for (const c of [nl, en]) {
      expect(c.statements).toHaveLength(21);
      expect(c.levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5]);
      for (const s of c.statements) {
        expect(s.levels).toHaveLength(5);
        expect(s.title).not.toBe('');
      }
    }
    expect(nl.statements[0]!.title).not.toBe(en.statements[0]!.title);
  });

  it('scores per statement and per theme, ignoring what is unanswered', () => {
    const answers = { 1: { current: 2, desired: 4 }, 2: { current: 3, desired: 3 }, 4: { current: 1, desired: null } };
    const rows = statementRows(en, answers);
    expect(rows[0]).toMatchObject({ key: '1', current: 2, desired: 4, gap: 2 });
    expect(rows[3]).toMatchObject({ current: 1, desired: null, gap: null });
    const themes = themeRows(en, answers);
    const strategy = themes.find((t) => t.key === 'strategy')!;
    expect(strategy.current).toBe(2.5);
    expect(strategy.desired).toBe(3.5);
    expect(strategy.gap).toBe(1);
    expect(themes.find((t) => t.key === 'technology')!.current).toBeNull();
  });
});
