import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/index.ts';
import { toRow } from '../../src/store/postgresRows.ts';
import { chainEvents } from './storeEvents.ts';

// README "Stores": an event goes in the compact form (hash and prev as bytea) only when both are lowercase hex
// SHA-256 digests; toRow lets a prev equal to the last hash it found to be one pass without reading it again
// (src/store/postgresRows.ts). Whatever came before, a prev that is no digest must send the event to the general form.
const event = (seq: number, prev: string, hash?: string): RecordedEvent => {
  const [sealed] = chainEvents('form', [{ id: `form-${seq}`, data: { title: `t${seq}` } }], {
    seq: seq - 1,
    hash: prev,
  });
  return { ...sealed!, prev, hash: hash ?? sealed!.hash }; // prev as given, also when it is no string at all
};
const compact = (e: RecordedEvent) => toRow(e).hash !== null;

describe('the form of a PostgreSQL row', () => {
  it('is compact only when hash and prev are digests, whatever the events before it held', () => {
    expect(compact(event(1, ''))).toBe(false);
    const first = event(1, '0'.repeat(64));
    expect(compact(first)).toBe(true);
    expect(compact(event(2, first.hash))).toBe(true);
    expect(compact(event(2, first.hash.toUpperCase()))).toBe(false);
    expect(compact(event(2, `${first.hash}0`))).toBe(false);
    // A hash that is no digest is not remembered as one: the next event's prev naming it is no digest either.
    const odd = event(3, first.hash, 'f'.repeat(63) + 'g');
    expect(compact(odd)).toBe(false);
    expect(compact(event(4, odd.hash))).toBe(false);
    expect(compact(event(4, undefined as unknown as string))).toBe(false);
  });
});
