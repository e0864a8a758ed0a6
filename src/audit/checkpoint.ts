import { sign, verify, type KeyObject as NodeKeyObject } from 'node:crypto';
import { InvalidInputError, UsageError } from '../errors.ts';
import { canonicalJson } from '../envelope/canonical.ts';
import type { Signature } from '../envelope/envelope.ts';
import { parseUntrustedJson } from '../envelope/parse.ts';
import { isStreamId } from '../ids.ts';
import { isKeyValidAt, isWitnessKey, type KeyRegistry, type SigningKey } from './keys.ts';

/**
 * A checkpoint: the head (seq and hash) of each stream at one moment, signed, and kept somewhere the log's writer
 * cannot reach (a witness, an auditor's archive). A chain alone cannot show that its tail was cut off or that the
 * whole history was rewritten; a log checked against a checkpoint can.
 *
 * File format (JSON, `phasegate-checkpoint/1`):
 * ```json
 * { "format": "phasegate-checkpoint/1", "issuedAt": "2026-01-05T12:00:00.000Z",
 *   "streams": [ { "stream": "lcz", "seq": 47, "head": "<64 hex>", "recordedAt": "..." } ],
 *   "sig": { "keyId": "witness-2026", "alg": "ed25519", "value": "<base64>" } }
 * ```
 * The signature covers the bytes `phasegate/checkpoint/v1:` + the RFC 8785 JSON of the checkpoint without `sig`.
 */
export type CheckpointEntry = {
  readonly stream: string;
  readonly seq: number;
  /** The hash of the event at `seq`. */
  readonly head: string;
  readonly recordedAt: string;
};

/** A signed (or unsigned) checkpoint of one or more streams. */
export type Checkpoint = {
  readonly format: 'phasegate-checkpoint/1';
  readonly issuedAt: string;
  readonly streams: readonly CheckpointEntry[];
  readonly sig?: Signature;
};

/** How a checkpoint's own signature stands. */
export type CheckpointSignature =
  | { readonly status: 'valid'; readonly keyId: string }
  | { readonly status: 'unsigned' }
  | { readonly status: 'unchecked'; readonly keyId: string; readonly reason: string }
  | { readonly status: 'invalid'; readonly keyId: string; readonly reason: string };

/** Returns the bytes a checkpoint signature covers. */
export function checkpointMessage(checkpoint: Checkpoint): Buffer {
  const { sig: _sig, ...body } = checkpoint;
  return Buffer.from(`phasegate/checkpoint/v1:${canonicalJson(body)}`, 'utf8');
}

/**
 * Returns nothing; throws a {@link UsageError} when `key` is an actor's key: a checkpoint is signed with a witness key
 * (one with no `actorId`). A command asks this as soon as it has read the key, before any work.
 */
export function assertCheckpointKey(key: SigningKey): void {
  if (!isWitnessKey(key)) {
    throw new UsageError(
      `key ${key.keyId} is ${key.actorId}'s key for signing events; ` +
        'a checkpoint is signed with a witness key, one without an actorId (generateSigningKey({ keyId }))',
    );
  }
}

/**
 * Returns a checkpoint of the given heads, issued at `issuedAt`, signed by `key` when one is given. Throws a
 * {@link UsageError} for an actor's key (see {@link assertCheckpointKey}).
 */
export function createCheckpoint(streams: readonly CheckpointEntry[], issuedAt: string, key?: SigningKey): Checkpoint {
  if (key !== undefined) assertCheckpointKey(key);
  const body: Checkpoint = {
    format: 'phasegate-checkpoint/1',
    issuedAt,
    streams: [...streams].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0)),
  };
  if (key === undefined) return body;
  const value = sign(null, checkpointMessage(body), key.privateKey as NodeKeyObject).toString('base64');
  return { ...body, sig: { keyId: key.keyId, alg: 'ed25519', value } };
}

/** Returns the checkpoint in a checkpoint file's text. Throws {@link InvalidInputError} naming what is wrong. */
export function parseCheckpoint(text: string, source = 'checkpoint'): Checkpoint {
  const value = parseUntrustedJson(text, undefined, source) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new InvalidInputError(`${source}: ${what}`);
  };
  if (value === null || typeof value !== 'object' || value.format !== 'phasegate-checkpoint/1')
    fail('expected {"format":"phasegate-checkpoint/1",...}');
  if (typeof value.issuedAt !== 'string' || Number.isNaN(Date.parse(value.issuedAt)))
    fail('issuedAt must be an ISO 8601 date-time');
  if (!Array.isArray(value.streams) || value.streams.length === 0) fail('streams must list at least one stream head');
  const streams = (value.streams as unknown[]).map((entry, index) => {
    const { stream, seq, head, recordedAt } = (entry ?? {}) as Record<string, unknown>;
    if (!isStreamId(stream)) fail(`streams[${index}].stream is not a stream id`);
    if (!Number.isInteger(seq) || (seq as number) < 1) fail(`streams[${index}].seq must be a whole number >= 1`);
    if (typeof head !== 'string' || !/^[0-9a-f]{64}$/.test(head))
      fail(`streams[${index}].head must be 64 lowercase hex characters`);
    if (typeof recordedAt !== 'string') fail(`streams[${index}].recordedAt must be a date-time`);
    return { stream: stream as string, seq: seq as number, head: head as string, recordedAt: recordedAt as string };
  });
  const sig = value.sig as Signature | undefined;
  if (
    sig !== undefined &&
    (typeof sig !== 'object' || sig === null || typeof sig.keyId !== 'string' || typeof sig.value !== 'string')
  ) {
    fail('sig must be {"keyId","alg":"ed25519","value"}');
  }
  return { format: 'phasegate-checkpoint/1', issuedAt: value.issuedAt as string, streams, ...(sig ? { sig } : {}) };
}

/**
 * Returns how the checkpoint's signature stands against a key registry: valid (the key is registered as a witness
 * key, was valid at `issuedAt`, and the signature verifies), invalid (with the reason: an actor's event key never
 * verifies a checkpoint), unsigned, or unchecked (no registry given).
 */
export function checkCheckpointSignature(checkpoint: Checkpoint, registry?: KeyRegistry): CheckpointSignature {
  const { sig } = checkpoint;
  if (sig === undefined) return { status: 'unsigned' };
  if (registry === undefined) return { status: 'unchecked', keyId: sig.keyId, reason: 'no key registry was given' };
  const invalid = (reason: string): CheckpointSignature => ({ status: 'invalid', keyId: sig.keyId, reason });
  const key = registry.get(sig.keyId);
  if (key === undefined) return invalid(`key ${sig.keyId} is not in the key registry`);
  if (sig.alg !== 'ed25519') return invalid(`the algorithm is ${String(sig.alg)}, not ed25519`);
  if (!isWitnessKey(key)) {
    return invalid(
      `key ${sig.keyId} is ${key.actorId}'s key for signing events, not a witness key for checkpoints; ` +
        'sign the checkpoint again with a witness key, one without an actorId (generateSigningKey({ keyId }))',
    );
  }
  if (!isKeyValidAt(key, checkpoint.issuedAt))
    return invalid(`key ${sig.keyId} was not valid at ${checkpoint.issuedAt}`);
  let ok: boolean;
  try {
    ok = verify(null, checkpointMessage(checkpoint), key.publicKey as NodeKeyObject, Buffer.from(sig.value, 'base64'));
  } catch {
    ok = false;
  }
  return ok
    ? { status: 'valid', keyId: sig.keyId }
    : invalid(`the signature by ${sig.keyId} does not verify over the checkpoint`);
}
