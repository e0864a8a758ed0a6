import { describe, expect, it } from 'vitest';
import { createEventId, isEventId } from '../../src/index.ts';

describe('createEventId', () => {
  it('makes unique url-safe ids of 21 characters that sort in the order they were made, millisecond by millisecond', async () => {
    const first = Array.from({ length: 5000 }, () => createEventId());
    expect(new Set(first).size).toBe(first.length);
    for (const id of first) {
      expect(id).toHaveLength(21);
      expect(isEventId(id)).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = createEventId();
    // SQLite and a C collation compare bytes: the later id sorts after every earlier one.
    for (const id of first) expect(Buffer.compare(Buffer.from(id), Buffer.from(later))).toBe(-1);
  });

  it('makes ids that sort in the order they were made within one millisecond too', () => {
    // A store's unique index on ids then grows at its end (docs/performance.md, "PostgreSQL bytes per event").
    const ids = Array.from({ length: 5000 }, () => createEventId());
    for (let i = 1; i < ids.length; i++)
      expect(Buffer.compare(Buffer.from(ids[i - 1]!), Buffer.from(ids[i]!)), `${ids[i - 1]} < ${ids[i]}`).toBe(-1);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBeLessThan(ids.length); // some shared a millisecond
  });

  it('makes each further id of a millisecond the one before plus one, carrying as numbers do', () => {
    const digits = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
    const valueOf = (suffix: string) => [...suffix].reduce((n, c) => n * 64n + BigInt(digits.indexOf(c)), 0n);
    const ids = Array.from({ length: 20_000 }, () => createEventId());
    let carried = 0;
    for (let i = 1; i < ids.length; i++) {
      const [before, id] = [ids[i - 1]!, ids[i]!];
      if (before.slice(0, 8) !== id.slice(0, 8)) continue; // a new millisecond: a fresh random suffix
      expect(valueOf(id.slice(8)), `${before} then ${id}`).toBe(valueOf(before.slice(8)) + 1n);
      if (before.at(-1) === 'z') carried++;
    }
    expect(carried).toBeGreaterThan(0);
  });

  it('never repeats the 13 characters after the time', () => {
    const ids = Array.from({ length: 200 }, () => createEventId().slice(8));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
