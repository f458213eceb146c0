// The persistent outbox: order, persistence across instances (a reload), coalescing and removal.
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../src/lib/outbox';
import { memoryStore } from '../../src/lib/storage';

describe('Outbox', () => {
  it('keeps entries in send order and survives a reload with the same ids', () => {
    const store = memoryStore();
    const a = new Outbox(store, 'k');
    a.enqueue('id-1', { type: 'answer', statement: 1, aspect: 'current', level: 2 });
    a.enqueue('id-2', { type: 'answer', statement: 1, aspect: 'desired', level: 4 });
    a.enqueue('id-3', { type: 'answer', statement: 2, aspect: 'current', level: 1 });
    const reloaded = new Outbox(store, 'k');
    expect(reloaded.entries().map((e) => e.id)).toEqual(['id-1', 'id-2', 'id-3']);
    expect(reloaded.entries()[1]?.command).toEqual({ type: 'answer', statement: 1, aspect: 'desired', level: 4 });
  });

  it('replaces an earlier unacknowledged answer for the same statement and aspect, moving it last', () => {
    const box = new Outbox(memoryStore(), 'k');
    box.enqueue('a', { type: 'answer', statement: 3, aspect: 'current', level: 2 });
    box.enqueue('b', { type: 'answer', statement: 4, aspect: 'current', level: 2 });
    box.enqueue('c', { type: 'answer', statement: 3, aspect: 'current', level: 5 });
    expect(box.entries().map((e) => e.id)).toEqual(['b', 'c']);
    expect(box.entries()[1]?.command).toMatchObject({ level: 5 });
  });

  it('never coalesces facilitator controls', () => {
    const box = new Outbox(memoryStore(), 'k');
    box.enqueue('a', { type: 'reveal' });
    box.enqueue('b', { type: 'hide' });
    box.enqueue('c', { type: 'reveal' });
    expect(box.size).toBe(3);
  });

  it('removes by id and clears its storage key when empty', () => {
    const store = memoryStore();
    const box = new Outbox(store, 'k');
    box.enqueue('a', { type: 'answer', statement: 1, aspect: 'current', level: 1 });
    expect(box.remove('zzz')).toBeNull();
    expect(box.remove('a')?.id).toBe('a');
    expect(box.size).toBe(0);
    expect(store.data.has('k')).toBe(false);
  });

  it('ignores a corrupt stored value', () => {
    const store = memoryStore();
    store.setItem('k', '{not json');
    expect(new Outbox(store, 'k').size).toBe(0);
  });
});
