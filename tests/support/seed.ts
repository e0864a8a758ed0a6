import { readFileSync } from 'node:fs';
import { createEngine, createMemoryEventStore, parseProposalsText, type EventStore, type Proposal } from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import type { Engine } from '../../src/index.ts';

/** The seed timeline's proposals (examples/lcz-shenzhen.jsonl). */
export const seedProposals = parseProposalsText(readFileSync(new URL('../../examples/lcz-shenzhen.jsonl', import.meta.url), 'utf8')) as Proposal[];

/** Returns a memory store holding the seed timeline as stream `lcz-shenzhen` under programme@1 (recorded at a fixed clock). */
export async function seededStore(): Promise<EventStore> {
  const store = createMemoryEventStore();
  const engine: Engine = createEngine({ workflows: [...programmeVersions], store, clock: () => new Date('2013-01-01T00:00:00Z') });
  await engine.recordBatch('lcz-shenzhen', seedProposals, { workflow: 'programme@1' });
  return store;
}
