import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  persistSnapshot,
  restoreSnapshot,
  type RecordedEvent,
} from '../../src/index.ts';
import { IdMap, programme } from '../../machines/index.ts';
import { seed } from '../fixtures/lcz.ts';
import { fcSeed } from '../fcSeed.ts';
import type { Engine } from '../../src/index.ts';

describe(`IdMap (seed ${fcSeed})`, () => {
  it('leaves every earlier version as it was, whichever version is added to', () =>
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.string({ maxLength: 4 }), fc.nat(3))), (steps) => {
        // Each step adds an id to one of the versions made so far (often not the newest): a branching history.
        const versions: Array<{ map: IdMap<number>; plain: Record<string, number> }> = [
          { map: IdMap.empty(), plain: {} },
        ];
        steps.forEach(([pick, key, value]) => {
          const from = versions[pick % versions.length]!;
          versions.push({ map: from.map.with(key, value), plain: { ...from.plain, [key]: value } });
        });
        for (const { map, plain } of versions) {
          expect(JSON.stringify(map)).toBe(JSON.stringify(plain));
          expect(map.size).toBe(Object.keys(plain).length);
          for (const key of Object.keys(plain)) expect(map.get(key)).toBe(plain[key]);
          expect([...map]).toEqual(Object.entries(plain));
        }
      }),
    ));

  it('never reports an inherited property as an entry, and keeps "__proto__" as a plain id', () => {
    const map = IdMap.empty<string>().with('__proto__', 'A07').with('doc', 'A08');
    expect(map.get('toString')).toBeUndefined();
    expect(IdMap.get({ doc: 'A08' }, 'constructor')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(map))).toEqual(JSON.parse('{"__proto__":"A07","doc":"A08"}'));
    expect(IdMap.from(JSON.parse(JSON.stringify(map)) as Record<string, string>)).toEqual(map);
  });

  it('compares equal to vitest by its entries, not by how its versions share storage', () => {
    const a = IdMap.empty<number>().with('x', 1);
    a.with('y', 2); // a sibling version appended to a's storage
    const b = IdMap.from({ x: 1 });
    expect(a).toEqual(b);
    expect(a.with('z', 3)).not.toEqual(b);
  });
});

describe('the programme context as persisted', () => {
  it('is plain data: a structured clone of a persisted snapshot restores to the live context', async () => {
    const engine: Engine = createEngine({
      workflows: programme,
      store: createMemoryEventStore(),
      clock: () => new Date('2030-01-01T00:00:00Z'),
    });
    await engine.recordBatch('p', seed);
    const live = (await engine.state('p')).snapshot;
    const persisted = persistSnapshot(programme, live) as { context: { evidence: unknown; documents: unknown } };
    expect(Object.getPrototypeOf(persisted.context.evidence)).toBe(Object.prototype);
    expect(Object.keys(persisted.context.evidence as object).length).toBeGreaterThan(10);
    const restored = restoreSnapshot(programme, structuredClone(persisted));
    expect(restored.context).toEqual(live.context);
    expect(restored.context.evidence).toBeInstanceOf(IdMap);
  });
});

describe('the programme dossier model', () => {
  it('keeps every earlier model as it was when later events are applied, also to an older model', async () => {
    const engine: Engine = createEngine({
      workflows: programme,
      store: createMemoryEventStore(),
      clock: () => new Date('2030-01-01T00:00:00Z'),
    });
    await engine.recordBatch('p', seed);
    const events: RecordedEvent[] = [];
    for await (const event of engine.store.readStream('p')) events.push(event);
    const dossier = programme.dossier!;
    const state = { stream: 'p', seq: 0, workflow: programme.ref, state: '', context: null };
    const timeline = (model: unknown) =>
      JSON.stringify(dossier.report(model, state).sections.find((s) => s.title.startsWith('Timeline')));
    const models = [dossier.initial()];
    for (const event of events) models.push(dossier.apply(models.at(-1), event));
    const before = models.map(timeline);
    // Branch from the middle: the models after it must not see the branch's events.
    let branch = models[10]!;
    for (const event of events.slice(20, 30)) branch = dossier.apply(branch, event);
    expect(models.map(timeline)).toEqual(before);
    expect(timeline(branch)).not.toEqual(before[10]);
    expect(before.at(-1)).toContain('joined jwg-lcz');
  });
});
