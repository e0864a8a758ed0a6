import { readFileSync } from 'node:fs';
import {
  createEngine,
  createMemoryEventStore,
  parseProposalsText,
  type EventStore,
  type Proposal,
} from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import type { Engine } from '../../src/index.ts';

/** The seed timeline's proposals (examples/lcz-shenzhen.jsonl). */
export const seedProposals = parseProposalsText(
  readFileSync(new URL('../../examples/lcz-shenzhen.jsonl', import.meta.url), 'utf8'),
) as Proposal[];

/** Returns a memory store holding the seed timeline as stream `lcz-shenzhen` under programme@1 (recorded at a fixed clock). */
export async function seededStore(): Promise<EventStore> {
  const store = createMemoryEventStore();
  const engine: Engine = createEngine({
    workflows: [...programmeVersions],
    store,
    clock: () => new Date('2013-01-01T00:00:00Z'),
  });
  await engine.recordBatch('lcz-shenzhen', seedProposals, { workflow: 'programme@1' });
  return store;
}

/** How many proposals the seed timeline holds (the file grows: never write the number into a test). */
export const seedLength = seedProposals.length;

/** Returns the seq the seed proposal with `id` is stored at (1-based, in file order). */
export function seedSeq(id: string): number {
  const index = seedProposals.findIndex((p) => p.id === id);
  if (index < 0) throw new Error(`the seed has no proposal ${id}`);
  return index + 1;
}

/** Returns the seq of the last seed proposal that occurred on or before `date`. */
export function seedSeqAsOf(date: string): number {
  return seedProposals.filter((p) => p.occurredAt <= date).length;
}
