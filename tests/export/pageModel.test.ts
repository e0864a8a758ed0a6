/**
 * The programme page's model: words for people, and frames stored as what changed (so the page stays small).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWorkflowRegistry, type RecordedEvent } from '../../src/index.ts';
import { buildPageModel, type PageModel } from '../../src/entries/export.ts';
import { readJsonlFile } from '../../src/entries/jsonl.ts';
import { programmeVersions } from '../../machines/index.ts';
import { generateEvents } from '../../bench/generateLog.ts';
import { recordThroughEngine } from '../support/logs.ts';
import { seedProposals } from '../support/seedLog.ts';

const registry = createWorkflowRegistry([...programmeVersions]);

async function* iterate(events: Iterable<RecordedEvent>) {
  yield* events;
}

async function golden(name: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const record of readJsonlFile(fileURLToPath(new URL(`../golden/${name}.jsonl`, import.meta.url))))
    events.push(record.event);
  return events;
}

/** The key facts at a slider position, rebuilt from the deltas as the page does. */
function factsAt(model: PageModel, seq: number): Record<string, string> {
  const facts = new Map<number, string>();
  for (let i = 0; i <= seq; i++) {
    for (const [k, v] of model.frames[i]![4] ?? []) {
      if (v < 0) facts.delete(k);
      else facts.set(k, model.strings[v]!);
    }
  }
  return Object.fromEntries(
    model.factOrder.filter((k) => facts.has(k)).map((k) => [model.factLabels[k]!, facts.get(k)!]),
  );
}

const summary = (model: PageModel, seq: number) => model.strings[model.events[seq - 1]![3]];

describe('the programme page model', () => {
  it('speaks in words: title, state, gate decisions with the deciders by name, conditions with text, owner and due date', async () => {
    const events = await recordThroughEngine('lcz', seedProposals);
    const model = await buildPageModel(registry, 'lcz', iterate(events));
    expect(model.title).toBe('Cooperation on a Sino-Dutch Low-carbon zone Shenzhen');
    const g1 = events.find((e) => e.type === 'GateDecisionRecorded' && (e.data as { gateId: string }).gateId === 'G1')!;
    expect(summary(model, g1.seq)).toBe('G1 go with conditions');
    expect(model.strings[model.events[g1.seq - 1]![2]]).toBe(
      'G1: go with conditions, 16 Nov 2011 (EL&I, Shenzhen Municipal Government)',
    );
    expect(model.strings[model.events[g1.seq - 1]![4]]).toBe('EL&I, gatekeeper');
    const after = factsAt(model, g1.seq);
    expect(after.Now).toBe('Development: work towards G2');
    expect(after['Gates passed']).toBe('G1: go with conditions, 16 Nov 2011 (EL&I, Shenzhen Municipal Government)');
    const [condition] = Object.entries(after).filter(([label]) => label.startsWith('Condition '));
    expect(condition?.[0]).toBe('Condition K1 (G1)');
    expect(condition?.[1]).toMatch(/^[A-Z].+; owner .+; due \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    // The passed gate stays a key fact at the end; the condition is gone once satisfied.
    const end = factsAt(model, events.length);
    expect(end['Gates passed']).toContain('G1: go with conditions');
    expect(end['Gates passed']).toContain('G2: go, 14 Jun 2012');
    expect(Object.keys(end).some((l) => l.startsWith('Condition '))).toBe(false);
    expect(model.strings[model.frames[0]![0]]).toBe('Not registered yet');
  });

  it('makes a suspension (here a gate hold) and an overdue gate key facts that call for attention', async () => {
    const held = await golden('lcz-v1-hold-cancelled');
    const model = await buildPageModel(registry, 'held', iterate(held));
    const hold = held.find(
      (e) => e.type === 'GateDecisionRecorded' && (e.data as { decision: string }).decision === 'hold',
    )!;
    const suspended = model.frames[hold.seq]![4]!.find(([k]) => model.factLabels[k] === 'Suspended');
    expect(suspended).toBeDefined();
    expect(model.strings[suspended![1]]).toMatch(/^since \d+ \w{3} \d{4}: G\d on hold: .+; review on /);
    expect(suspended![2]).toBe(1);
    const resumed = held.find((e) => e.type === 'ProgrammeResumed')!;
    expect(factsAt(model, resumed.seq).Suspended).toBeUndefined();

    // The seed's next gate is G3 by 15 Dec 2012; a document linked in January 2013 finds it overdue.
    const late = await recordThroughEngine(
      'late',
      [
        ...seedProposals,
        {
          type: 'DocumentLinked',
          occurredAt: '2013-01-10',
          actor: { id: 'twa-guangzhou', role: 'programme_manager' },
          data: {
            docId: 'late-note',
            title: 'Progress note',
            category: 'A07',
            url: 'https://example.org/n.pdf',
            date: '2013-01-10',
            language: 'en',
          },
        },
      ] as never,
      '2013-01-11T00:00:00Z',
    );
    const lateModel = await buildPageModel(registry, 'late', iterate(late));
    const facts = factsAt(lateModel, late.length);
    expect(facts['Gate overdue']).toBe('G3 by 15 Dec 2012: overdue on 10 Jan 2013, no review scheduled');
    expect(facts['Next gate']).toBeUndefined();
    expect(factsAt(lateModel, late.length - 1)['Next gate']).toBe('G3 by 15 Dec 2012');
  });

  it('stores frames as deltas: a long stream costs a few dozen bytes an event, and repeated views are stored once', async () => {
    const sizes: number[] = [];
    for (const count of [1000, 4000]) {
      const model = await buildPageModel(registry, 'bench', iterate(generateEvents(count)));
      expect(model.frames).toHaveLength(count + 1);
      expect(model.gateSets.length).toBeLessThan(10);
      expect(model.lits.length).toBeLessThan(10);
      sizes.push(JSON.stringify(model).length);
    }
    // Three more thousand events add less than 80 bytes each (whole views per event cost kilobytes each).
    expect((sizes[1]! - sizes[0]!) / 3000).toBeLessThan(80);
  });
});
