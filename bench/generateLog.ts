import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  canonicalJson,
  encodeEvent,
  GENESIS_HASH,
  sha256Hex,
  type EventCatalogue,
  type RecordedEvent,
  type UnhashedEvent,
} from '../src/index.ts';
// programme@2: the synthetic workloads here record facts without the role grants programme@3 asks for.
import { programmeV2 as programme } from '../machines/index.ts';
import { seed } from '../tests/fixtures/lcz.ts';

const recordedAt = '2026-01-01T00:00:00.000Z';

/**
 * Returns the proposals of a long synthetic programme: the seed's registration and participants, then cycles of
 * network meetings, incoming-funds transactions and suspend/resume pairs (exercising deep history). None of them is a
 * deliverable that gate evidence may cite, so the context stays bounded and the log can grow to millions of events.
 */
function* proposals(count: number) {
  const opening = seed.slice(0, 14);
  for (const p of opening.slice(0, count)) yield p;
  const pm = { id: 'twa-guangzhou', role: 'programme_manager' };
  const gk = { id: 'eli', role: 'gatekeeper' };
  const fo = { id: 'nl-agency', role: 'finance_officer' };
  for (let i = opening.length; i < count; i++) {
    const on = '2011-07-21';
    switch ((i - opening.length) % 5) {
      case 0:
      case 2:
        yield {
          type: 'NetworkMeetingHeld',
          occurredAt: on,
          actor: pm,
          data: {
            meetingId: `m-${i}`,
            date: on,
            participantIds: ['twa-guangzhou', 'sz-gov', 'eli'],
            topics: ['progress of the low-carbon zone'],
          },
        };
        break;
      case 1:
        yield {
          type: 'FinancialTransactionRecorded',
          occurredAt: on,
          actor: fo,
          data: {
            txId: `tx-${i}`,
            iatiType: 1,
            date: on,
            value: { amount: 10, currency: 'EUR' },
            providerOrgId: 'eli',
            receiverOrgId: 'nl-agency',
          },
        };
        break;
      case 3:
        yield {
          type: 'ProgrammeSuspended',
          occurredAt: on,
          actor: gk,
          data: {
            reason: 'Pending a municipal decision',
            category: 'political',
            decidedBy: ['eli'],
            reviewDate: '2011-08-01',
          },
        };
        break;
      default:
        yield { type: 'ProgrammeResumed', occurredAt: on, actor: gk, data: { decidedBy: ['eli', 'sz-gov'] } };
    }
  }
}

/**
 * Yields `count` recorded events of one stream with a valid hash chain (as the engine would store them); their ids are
 * `${idPrefix}${seq}` (ids are unique in a store: give each stream its own prefix).
 */
export function* generateEvents(count: number, stream = 'bench', idPrefix = 'e'): Generator<RecordedEvent> {
  const catalogue: EventCatalogue = programme.catalogue;
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const p of proposals(count)) {
    seq++;
    const unhashed: UnhashedEvent = {
      id: `${idPrefix}${seq}`,
      stream,
      seq,
      type: p.type,
      schema: catalogue[p.type]!.version,
      workflow: programme.ref,
      occurredAt: p.occurredAt,
      recordedAt,
      actor: p.actor,
      data: p.data,
      prev,
    };
    const hash = sha256Hex(canonicalJson(unhashed));
    prev = hash;
    yield { ...unhashed, hash };
  }
}

/** Writes a generated log as JSONL (one canonical envelope per line). */
export async function writeLog(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const event of generateEvents(count)) {
    buffer += `${encodeEvent(event)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}
