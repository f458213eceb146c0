// The solo result's numbers: per statement current, desired and gap, and per theme the means of the
// answered statements. Pure, so the radar chart and the table show the same figures (and tests check them).
import type { Catalogue } from '../lib/api';
import { gapOf } from '../lib/levels';
import type { OwnAnswer } from '../lib/protocol';

export interface ScoreRow {
  key: string;
  label: string;
  current: number | null;
  desired: number | null;
  gap: number | null;
}

export function statementRows(cat: Catalogue, answers: Record<number, Partial<OwnAnswer>>): ScoreRow[] {
  return cat.statements.map((s) => {
    const a = answers[s.id];
    const current = a?.current ?? null;
    const desired = a?.desired ?? null;
    return { key: String(s.id), label: `${s.id}. ${s.title}`, current, desired, gap: gapOf(current, desired) };
  });
}

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

export function themeRows(cat: Catalogue, answers: Record<number, Partial<OwnAnswer>>): ScoreRow[] {
  return cat.themes.map((theme) => {
    const ids = cat.statements.filter((s) => s.theme === theme.id).map((s) => s.id);
    const current = mean(ids.map((id) => answers[id]?.current).filter((v): v is number => !!v));
    const desired = mean(ids.map((id) => answers[id]?.desired).filter((v): v is number => !!v));
    return {
      key: theme.id,
      label: theme.name,
      current,
      desired,
      gap: current !== null && desired !== null ? desired - current : null,
    };
  });
}
