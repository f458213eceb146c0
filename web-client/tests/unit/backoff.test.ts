// Reconnect backoff: grows exponentially, is capped, and its jitter stays within [half, full].
import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultBackoff } from '../../src/lib/backoff';

describe('backoffDelay', () => {
  it('doubles per attempt between half and the full delay', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
  });

  it('is capped at maxMs however many attempts failed', () => {
    for (const attempt of [5, 10, 50, 1000]) {
      const d = backoffDelay(attempt, () => 1);
      expect(d).toBeLessThanOrEqual(defaultBackoff.maxMs);
      expect(d).toBeGreaterThanOrEqual(defaultBackoff.maxMs / 2);
    }
  });

  it('never goes below the base for negative input', () => {
    expect(backoffDelay(-3, () => 1)).toBe(500);
  });
});
