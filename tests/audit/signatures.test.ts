import { sign, type KeyObject } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createMemoryEventStore, type RecordedEvent } from '../../src/index.ts';
import {
  checkCheckpointSignature,
  checkEventSignature,
  checkpointMessage,
  createCheckpoint,
  createKeyRegistry,
  createSigner,
  formatKeyRegistry,
  formatSigningKey,
  generateSigningKey,
  parseCheckpoint,
  parseKeyRegistry,
  parseSigningKey,
  publicEntryOf,
  signEventHash,
  verifyJsonlFile,
  verifyStore,
  type SigningKey,
} from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { seedProposals } from '../support/lifecycle.ts';
import { sealChain, temporaryDirectory, toJsonl } from '../support/logs.ts';
import type { Engine } from '../../src/index.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());

const rotation = '2012-03-15T00:10:00.000Z';
const managerOld = generateSigningKey({
  keyId: 'twa-2011',
  actorId: 'twa-guangzhou',
  validFrom: '2011-01-01T00:00:00Z',
  validTo: rotation,
});
const managerNew = generateSigningKey({ keyId: 'twa-2012', actorId: 'twa-guangzhou', validFrom: rotation });
const gatekeeper = generateSigningKey({ keyId: 'eli-2011', actorId: 'eli', validFrom: '2011-01-01T00:00:00Z' });
const stranger = generateSigningKey({ keyId: 'stranger', actorId: 'twa-guangzhou', validFrom: '2011-01-01T00:00:00Z' });
const registry = createKeyRegistry([managerOld, managerNew, gatekeeper].map(publicEntryOf));

/** 1,200 events one second apart from 2012-03-15T00:00Z: the manager's key rotates after 600 of them. */
const events = sealChain(
  Array.from({ length: 1200 }, () => ({ stream: 'lcz' })),
  createSigner([managerOld, managerNew]),
);

let files = 0;
const verify = (log: readonly RecordedEvent[], options: { requireSignatures?: boolean; keys?: typeof registry } = {}) =>
  verifyJsonlFile(dir.file(`signed-${++files}.jsonl`, toJsonl(log)), { keys: registry, ...options });
const withSig = (event: RecordedEvent, sig: RecordedEvent['sig']): RecordedEvent => ({ ...event, sig: sig! });
const replaceAt = (seq: number, event: RecordedEvent) => events.map((e) => (e.seq === seq ? event : e));
const signWith = (key: SigningKey, event: RecordedEvent) => signEventHash(key, event.hash);

describe('signatures', () => {
  it('verifies a stream whose signing key rotated midway', async () => {
    expect(events[599]!.sig?.keyId).toBe('twa-2011');
    expect(events[600]!.sig?.keyId).toBe('twa-2012');
    const report = await verify(events);
    expect(report.problems).toEqual([]);
    expect(report.signatures).toEqual({ checked: true, signed: 1200, valid: 1200 });
  });

  const rejections: Array<[string, () => RecordedEvent[], string, RegExp]> = [
    [
      'a key not in the registry',
      () => replaceAt(10, withSig(events[9]!, signWith(stranger, events[9]!))),
      'bad_signature',
      /not in the key registry/,
    ],
    [
      "another actor's key",
      () => replaceAt(10, withSig(events[9]!, signWith(gatekeeper, events[9]!))),
      'bad_signature',
      /of eli, but recorded by twa-guangzhou/,
    ],
    [
      'a key outside its validity window',
      () =>
        replaceAt(
          700,
          withSig(events[699]!, signWith(managerOld, { ...events[699]!, recordedAt: '2012-01-01T00:00:00.000Z' })),
        ),
      'bad_signature',
      /was not valid at/,
    ],
    [
      'a signature moved from another event of the stream',
      () => replaceAt(10, withSig(events[9]!, events[10]!.sig)),
      'bad_signature',
      /does not verify/,
    ],
    [
      'a signature moved from another stream at the same seq',
      () => {
        const other = sealChain(
          Array.from({ length: 10 }, () => ({ stream: 'other' })),
          createSigner([managerOld]),
        );
        return replaceAt(10, withSig(events[9]!, other[9]!.sig));
      },
      'bad_signature',
      /does not verify/,
    ],
    [
      'a signature that is not Ed25519 over the hash',
      () => replaceAt(10, withSig(events[9]!, { ...events[9]!.sig!, value: Buffer.alloc(64, 7).toString('base64') })),
      'bad_signature',
      /does not verify/,
    ],
    [
      'a stripped signature',
      () => replaceAt(10, (({ sig: _sig, ...rest }) => rest)(events[9]!)),
      'unsigned',
      /held key twa-2011/,
    ],
  ];

  it.each(rejections)('rejects %s at the exact seq', async (_name, tamper, kind, message) => {
    const report = await verify(tamper());
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ kind, seq: report.problems[0]!.seq });
    expect(report.problems[0]!.seq).toBe(tamper().findIndex((e, i) => e !== events[i]) + 1);
    expect(report.problems[0]!.message).toMatch(message);
  });

  it('rejects a signed event whose envelope was altered (the hash no longer matches)', async () => {
    const report = await verify(replaceAt(10, { ...events[9]!, actor: { id: 'eli', role: 'gatekeeper' } }));
    expect(report.problems).toMatchObject([{ seq: 10, kind: 'altered' }]);
  });

  it('requires a signature on every event only when asked to', async () => {
    const unsigned = sealChain([{ stream: 'x', actor: { id: 'nobody-with-a-key', role: 'programme_manager' } }]);
    const lenient = await verify(unsigned);
    expect(lenient.ok).toBe(true);
    // An unsigned event is counted neither as signed nor as valid.
    expect(lenient.signatures).toEqual({ checked: true, signed: 0, valid: 0 });
    expect((await verify(unsigned, { requireSignatures: true })).problems).toMatchObject([
      { kind: 'unsigned', seq: 1 },
    ]);
  });

  it('signs through the engine and verifies the store', async () => {
    const store = createMemoryEventStore();
    const nlAgency = generateSigningKey({ keyId: 'nla', actorId: 'nl-agency', validFrom: '2000-01-01T00:00:00Z' });
    const manager = generateSigningKey({ keyId: 'twa', actorId: 'twa-guangzhou', validFrom: '2000-01-01T00:00:00Z' });
    const keeper = generateSigningKey({ keyId: 'eli', actorId: 'eli', validFrom: '2000-01-01T00:00:00Z' });
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store,
      signer: createSigner([nlAgency, manager, keeper], { required: true }),
    });
    await engine.recordBatch('lcz', seedProposals());
    const report = await verifyStore(store, {
      keys: createKeyRegistry([nlAgency, manager, keeper].map(publicEntryOf)),
      requireSignatures: true,
    });
    expect(report.problems).toEqual([]);
    expect(report.signatures).toEqual({ checked: true, signed: seedProposals().length, valid: seedProposals().length });
  });

  it('refuses to record, storing nothing, when a required signer has no key for the actor', async () => {
    const store = createMemoryEventStore();
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store,
      signer: createSigner([gatekeeper], { required: true }),
    });
    await expect(engine.record('lcz', seedProposals()[0])).rejects.toThrow(/No signing key for nl-agency/);
    expect(await store.head('lcz')).toBeNull();
  });

  it('round-trips keys through their file formats', () => {
    const parsed = parseSigningKey(formatSigningKey(managerOld));
    expect(parsed).toMatchObject({ keyId: 'twa-2011', actorId: 'twa-guangzhou', validTo: rotation });
    const again = parseKeyRegistry(formatKeyRegistry(registry.keys));
    expect(again.keys.map((k) => k.keyId)).toEqual(['twa-2011', 'twa-2012', 'eli-2011']);
    const sig = signWith(parsed, events[0]!);
    expect(sig).toEqual(events[0]!.sig);
    expect(() =>
      parseKeyRegistry(
        '{"format":"phasegate-keys/1","keys":[{"keyId":"a","publicKey":"AAAA","validFrom":"2011-01-01T00:00:00Z"}]}',
      ),
    ).toThrow(/not a readable public key/);
  });
});

describe('checkpoint signatures', () => {
  const witness = generateSigningKey({ keyId: 'witness', validFrom: '2020-01-01T00:00:00Z' });
  const witnesses = createKeyRegistry([publicEntryOf(witness)]);
  const heads = [{ stream: 'lcz', seq: 1200, head: events[1199]!.hash, recordedAt: events[1199]!.recordedAt }];
  const signed = createCheckpoint(heads, '2026-01-05T12:00:00Z', witness);

  it('is valid when signed by a registered key valid at issuedAt, and survives its file format', () => {
    expect(checkCheckpointSignature(parseCheckpoint(JSON.stringify(signed)), witnesses)).toEqual({
      status: 'valid',
      keyId: 'witness',
    });
  });

  it('is invalid once any part of it changed', () => {
    const moved = { ...signed, streams: [{ ...heads[0]!, seq: 1100 }] };
    expect(checkCheckpointSignature(moved, witnesses)).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(/does not verify/),
    });
  });

  it("is invalid when signed by an unknown key or outside the key's window, unsigned without a sig, unchecked without a registry", () => {
    expect(checkCheckpointSignature(signed, registry)).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(/not in the key registry/),
    });
    expect(
      checkCheckpointSignature({ ...createCheckpoint(heads, '2019-01-01T00:00:00Z', witness) }, witnesses),
    ).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/not valid at/) });
    expect(checkCheckpointSignature(createCheckpoint(heads, '2026-01-05T12:00:00Z'), witnesses)).toEqual({
      status: 'unsigned',
    });
    expect(checkCheckpointSignature(signed)).toMatchObject({ status: 'unchecked' });
  });

  it('makes a verification fail when the checkpoint was forged, even though the log is intact', async () => {
    const forged = { ...signed, issuedAt: '2026-01-06T12:00:00Z' };
    const report = await verifyJsonlFile(dir.file('cp.jsonl', toJsonl(events)), {
      keys: createKeyRegistry([...registry.keys, publicEntryOf(witness)]),
      checkpoint: forged,
    });
    expect(report.problems).toEqual([]);
    expect(report.checkpoint?.signature.status).toBe('invalid');
    expect(report.ok).toBe(false);
  });
});

describe('event keys and witness keys are never confused', () => {
  const witness = generateSigningKey({ keyId: 'witness', validFrom: '2011-01-01T00:00:00Z' });
  const both = createKeyRegistry([managerOld, managerNew, gatekeeper, witness].map(publicEntryOf));
  const head = events[0]!;
  const facts = (sig: RecordedEvent['sig']) => ({
    hash: head.hash,
    recordedAt: head.recordedAt,
    actorId: head.actor.id,
    sig,
  });

  it('an event signed with a witness key does not verify, though the key is registered and the signature is sound', () => {
    expect(checkEventSignature(both, facts(signEventHash(witness, head.hash)))).toMatchObject({
      kind: 'bad_signature',
      reason: expect.stringMatching(
        /witness key for checkpoints, not a key of twa-guangzhou; events are signed with a key of that actor \(generateSigningKey\({ keyId, actorId: 'twa-guangzhou' }\)\)/,
      ),
    });
    expect(checkEventSignature(both, facts(head.sig))).toBeNull();
  });

  it('an event verifies only with a key registered for its actor and valid at its recordedAt', () => {
    expect(checkEventSignature(both, facts(signEventHash(gatekeeper, head.hash)))).toMatchObject({
      reason: expect.stringMatching(/of eli, but recorded by twa-guangzhou/),
    });
    expect(checkEventSignature(both, facts(signEventHash(managerNew, head.hash)))).toMatchObject({
      reason: expect.stringMatching(/was not valid at/),
    });
  });

  it("a checkpoint signed with an actor's event key is invalid, and cannot be made", () => {
    const heads = [{ stream: 'lcz', seq: 1, head: head.hash, recordedAt: head.recordedAt }];
    const body = createCheckpoint(heads, '2012-06-01T00:00:00Z');
    const byActor = {
      ...body,
      sig: {
        keyId: gatekeeper.keyId,
        alg: 'ed25519' as const,
        value: sign(null, checkpointMessage(body), gatekeeper.privateKey as KeyObject).toString('base64'),
      },
    };
    expect(checkCheckpointSignature(byActor, both)).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(
        /eli's key for signing events, not a witness key for checkpoints; sign the checkpoint again with a witness key, one without an actorId \(generateSigningKey\({ keyId }\)\)/,
      ),
    });
    expect(() => createCheckpoint(heads, '2012-06-01T00:00:00Z', gatekeeper)).toThrow(
      /a checkpoint is signed with a witness key/,
    );
    expect(checkCheckpointSignature(createCheckpoint(heads, '2012-06-01T00:00:00Z', witness), both)).toEqual({
      status: 'valid',
      keyId: 'witness',
    });
  });

  it('the signer refuses a witness key, alone or among actor keys', async () => {
    const refusal =
      "witness is a witness key (no actorId): it signs checkpoints only; sign events with an actor's key " +
      '(generateSigningKey({ keyId, actorId }))';
    expect(() => createSigner([witness])).toThrow(refusal);
    expect(() => createSigner([gatekeeper, witness])).toThrow(refusal);
    expect(() => createSigner([witness, gatekeeper])).toThrow(refusal);
    const [signed] = sealChain(
      [{ stream: 'lcz', actor: { id: 'nobody', role: 'programme_manager' } }],
      createSigner([gatekeeper]),
    );
    expect(signed!.sig).toBeUndefined();
    const [byEli] = sealChain(
      [{ stream: 'lcz', actor: { id: 'eli', role: 'gatekeeper' } }],
      createSigner([gatekeeper]),
    );
    expect(byEli!.sig?.keyId).toBe('eli-2011');
  });
});
