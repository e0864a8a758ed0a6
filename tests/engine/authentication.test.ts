import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RefusedError,
  UsageError,
  createEngine,
  createMemoryEventStore,
  type Engine,
  type EventStore,
} from '../../src/index.ts';
import {
  checkEventSignature,
  createKeyRegistry,
  createSigner,
  formatKeyRegistry,
  formatSigningKey,
  generateSigningKey,
  publicEntryOf,
  type SigningKey,
} from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { seed, setUp } from '../fixtures/lcz.ts';
import { runMain, seedFile, tempDir } from '../support/cli.ts';

/**
 * Issue 9 §1, authentication where keys exist: with a key registry (`createEngine({ keys, requireSignatures })`,
 * `record --keys FILE --require-signatures`) a proposal is accepted only when signed with a valid key of its actor.
 */
const from = '2011-01-01T00:00:00Z';
const keyOf = (actorId: string, keyId = `${actorId}-2011`): SigningKey =>
  generateSigningKey({ keyId, actorId, validFrom: from });
const nl = keyOf('nl-agency');
const twa = keyOf('twa-guangzhou');
const eli = keyOf('eli');
const registry = createKeyRegistry([nl, twa, eli].map(publicEntryOf));
const clock = () => new Date('2013-01-01T00:00:00Z');
const meeting = {
  type: 'DocumentLinked',
  occurredAt: '2012-10-10',
  actor: { id: 'twa-guangzhou', role: 'programme_manager' },
  data: {
    docId: 'jwg',
    title: 'Minutes',
    category: 'A07',
    url: 'https://example.org/jwg.pdf',
    date: '2012-10-10',
    language: 'en',
  },
};

function engineWith(store: EventStore, signWith: readonly SigningKey[], requireSignatures = true): Engine {
  return createEngine({
    workflows: [...programmeVersions],
    store,
    clock,
    keys: registry,
    requireSignatures,
    ...(signWith.length > 0 ? { signer: createSigner(signWith) } : {}),
  });
}

async function dump(store: EventStore, stream = 'lcz'): Promise<string> {
  let text = '';
  for await (const event of store.readStream(stream)) text += `${event.hash}\n`;
  return text;
}

describe('createEngine({ keys, requireSignatures })', () => {
  it("accepts the seed signed by each actor's own key, and every signature verifies against the registry", async () => {
    const store = createMemoryEventStore();
    const { events } = await engineWith(store, [nl, twa, eli]).recordBatch('lcz', seed);
    expect(events).toHaveLength(seed.length);
    for (const event of events) {
      expect(
        checkEventSignature(
          registry,
          { hash: event.hash, recordedAt: event.recordedAt, actorId: event.actor.id, sig: event.sig },
          { requireSignatures: true },
        ),
      ).toBeNull();
      expect(event.sig?.keyId).toBe(`${event.actor.id}-2011`);
    }
  });

  it("refuses a proposal in another organisation's name without its private key, and stores nothing", async () => {
    const store = createMemoryEventStore();
    await engineWith(store, [nl, twa, eli]).recordBatch('lcz', setUp);
    const before = await dump(store);
    // TWA Guangzhou's server holds only its own key and records in EL&I's name.
    const suspension = {
      type: 'ProgrammeSuspended',
      occurredAt: '2011-08-01',
      actor: { id: 'eli', role: 'gatekeeper' },
      data: { reason: 'x', category: 'political', decidedBy: ['eli', 'sz-gov'], reviewDate: '2011-09-01' },
    };
    const refused = await engineWith(store, [twa])
      .record('lcz', suspension)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as RefusedError).refusal).toMatchObject({ kind: 'forbidden', reasons: [{ guard: 'signature' }] });
    expect((refused as RefusedError).message).toMatch(
      /^eli \(gatekeeper\) may not record ProgrammeSuspended: not signed by its actor: .*sign it with the private key of eli-2011/,
    );
    // A key made up for EL&I (same key id, another key pair) is not EL&I's key.
    const forged = generateSigningKey({ keyId: 'eli-2011', actorId: 'eli', validFrom: from });
    await expect(engineWith(store, [forged]).record('lcz', suspension)).rejects.toThrow(
      /its signature does not show its actor: the signature by eli-2011 does not verify/,
    );
    expect(await dump(store)).toBe(before);
    await expect(engineWith(store, [eli]).record('lcz', suspension)).resolves.toMatchObject({
      state: { state: 'suspended' },
    });
  });

  it('without requireSignatures, asks a signature only of an actor that holds a key', async () => {
    const store = createMemoryEventStore();
    await engineWith(store, [nl, twa, eli]).recordBatch('lcz', seed);
    const onlyNl = createKeyRegistry([publicEntryOf(nl)]);
    const engine: Engine = createEngine({ workflows: [...programmeVersions], store, clock, keys: onlyNl });
    await expect(engine.record('lcz', meeting)).resolves.toMatchObject({ event: { seq: seed.length + 1 } });
    const byNl = {
      ...meeting,
      actor: { id: 'nl-agency', role: 'programme_manager' },
      data: { ...meeting.data, docId: 'jwg-2' },
    };
    await expect(engine.record('lcz', byNl)).rejects.toThrow(
      /not signed by its actor: the event is not signed, but nl-agency held key nl-agency-2011/,
    );
  });

  it('refuses requireSignatures without keys at once', () => {
    expect(() =>
      createEngine({ workflows: [...programmeVersions], store: createMemoryEventStore(), requireSignatures: true }),
    ).toThrow(UsageError);
  });
});

describe('phasegate record --keys FILE --require-signatures', () => {
  function files() {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    return {
      dir,
      keys: write('keys.json', formatKeyRegistry(registry.keys)),
      nl: write('nl.key.json', formatSigningKey(nl)),
      twa: write('twa.key.json', formatSigningKey(twa)),
      eli: write('eli.key.json', formatSigningKey(eli)),
    };
  }

  it("records the seed signed with every actor's key, and refuses (exit 3, nothing stored) an actor whose key is missing", async () => {
    const f = files();
    const store = join(f.dir, 'lcz.jsonl');
    const signed = await runMain([
      'record',
      store,
      'lcz',
      seedFile,
      '--keys',
      f.keys,
      '--require-signatures',
      '--sign',
      f.nl,
      '--sign',
      f.twa,
      '--sign',
      f.eli,
    ]);
    expect(signed.code, signed.stderr).toBe(0);
    expect((await runMain(['verify', store, '--keys', f.keys, '--require-signatures'])).code).toBe(0);
    const before = readFileSync(store);
    const result = await runMain(
      ['record', store, 'lcz', '-', '--keys', f.keys, '--require-signatures', '--sign', f.nl],
      { stdin: JSON.stringify(meeting) },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'twa-guangzhou (programme_manager) may not record DocumentLinked: not signed by its actor',
    );
    expect(readFileSync(store).equals(before)).toBe(true);
    const unsigned = await runMain(['record', store, 'lcz', '-', '--keys', f.keys, '--require-signatures'], {
      stdin: JSON.stringify(meeting),
    });
    expect(unsigned.code).toBe(3);
    expect(unsigned.stderr).toContain('the event is not signed, and signatures are required');
    expect(
      (
        await runMain(['record', store, 'lcz', '-', '--keys', f.keys, '--sign', f.twa], {
          stdin: JSON.stringify(meeting),
        })
      ).code,
    ).toBe(0);
  });

  it('refuses --require-signatures without --keys as a usage error', async () => {
    const result = await runMain(['record', join(tempDir(), 'x.jsonl'), 'lcz', seedFile, '--require-signatures']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--require-signatures needs --keys FILE');
  });
});
