import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GENESIS_HASH,
  canonicalJson,
  createEngine,
  createMemoryEventStore,
  encodeEvent,
  sha256Hex,
  type EventSigner,
  type RecordedEvent,
  type UnhashedEvent,
} from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import type { TestProposal } from './lifecycle.ts';
import type { Engine } from '../../src/index.ts';

/** What a synthetic event needs; the chain fields are filled in. */
export type EventSpec = {
  readonly stream: string;
  readonly type?: string;
  readonly data?: Record<string, unknown>;
  readonly actor?: { readonly id: string; readonly role: string };
  readonly recordedAt?: string;
  readonly workflow?: string;
};

/**
 * Returns sealed events chained per stream, in the order given (streams may interleave), signed by `signer` when
 * given: a log exactly as the engine would store it, without deciding anything (verification reads no workflow).
 */
export function sealChain(specs: readonly EventSpec[], signer?: EventSigner): RecordedEvent[] {
  const heads = new Map<string, { seq: number; hash: string }>();
  return specs.map((spec, index) => {
    const head = heads.get(spec.stream) ?? { seq: 0, hash: GENESIS_HASH };
    const unhashed: UnhashedEvent = {
      id: `ev-${index.toString(36).padStart(8, '0')}`,
      stream: spec.stream,
      seq: head.seq + 1,
      type: spec.type ?? 'NetworkMeetingHeld',
      schema: 1,
      workflow: spec.workflow ?? 'programme@2',
      occurredAt: '2012-03-15',
      recordedAt: spec.recordedAt ?? new Date(Date.UTC(2012, 2, 15) + index * 1000).toISOString(),
      actor: spec.actor ?? { id: 'twa-guangzhou', role: 'programme_manager' },
      data: spec.data ?? {
        meetingId: `m-${index}`,
        date: '2012-03-15',
        participantIds: ['eli', 'sz-gov'],
        topics: ['follow-up'],
      },
      prev: head.hash,
    };
    const sealed: RecordedEvent = { ...unhashed, hash: sha256Hex(canonicalJson(unhashed)) };
    const sig = signer?.(sealed);
    heads.set(spec.stream, { seq: sealed.seq, hash: sealed.hash });
    return sig ? { ...sealed, sig } : sealed;
  });
}

/** Returns the JSONL text of events: one canonical line each. */
export function toJsonl(events: readonly RecordedEvent[]): string {
  return events.map((event) => `${encodeEvent(event)}\n`).join('');
}

/** A temporary directory that is removed by `dispose()`. */
export function temporaryDirectory(prefix = 'phasegate-test-'): {
  readonly path: string;
  file(name: string, text?: string): string;
  dispose(): void;
} {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file(name, text) {
      const file = join(path, name);
      if (text !== undefined) writeFileSync(file, text);
      return file;
    },
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Returns the events a stream ends up with when `proposals` are recorded one by one through the engine (fixed clock). */
export async function recordThroughEngine(
  stream: string,
  proposals: readonly TestProposal[],
  clockStart = '2012-12-31T12:00:00Z',
): Promise<RecordedEvent[]> {
  let now = Date.parse(clockStart);
  const engine: Engine = createEngine({
    workflows: [...programmeVersions],
    store: createMemoryEventStore(),
    clock: () => new Date((now += 1000)),
  });
  for (const proposal of proposals) await engine.record(stream, proposal);
  const events: RecordedEvent[] = [];
  for await (const event of engine.store.readStream(stream)) events.push(event);
  return events;
}
