import type { KeyObject as NodeKeyObject } from 'node:crypto';
import { UsageError } from '../errors.ts';
import type { RecordedEvent, Signature } from '../envelope/envelope.ts';
import type { EventSigner } from '../engine/sealing.ts';
import { nodeCrypto } from '../platform/nodeCrypto.ts';
import { isKeyValidAt, isWitnessKey, type KeyRegistry, type SigningKey } from './keys.ts';

/**
 * What an event signature covers: the bytes of `phasegate/event/v1:<hash>`. The hash commits to every envelope field
 * (stream, seq, prev, type, payload, actor, times), so a signature cannot be moved to another event, stream or
 * position; the prefix keeps an event signature from passing for a checkpoint signature or the reverse.
 */
export function eventSignatureMessage(hash: string): Uint8Array {
  return Buffer.from(`phasegate/event/v1:${hash}`, 'utf8');
}

/** Returns the `sig` of an event hash by `key` (Ed25519, base64). */
export function signEventHash(key: SigningKey, hash: string): Signature {
  return {
    keyId: key.keyId,
    alg: 'ed25519',
    value: nodeCrypto()
      .sign(null, eventSignatureMessage(hash), key.privateKey as NodeKeyObject)
      .toString('base64'),
  };
}

/** Options of {@link createSigner}. */
export type SignerOptions = {
  /** Throw (and store nothing) when no key fits an event, instead of leaving it unsigned. @defaultValue false */
  readonly required?: boolean;
};

/**
 * Returns an engine signer over private keys: each event is signed by the first key whose `actorId` is the event's
 * actor and that is valid at the event's `recordedAt` (a witness key, with no `actorId`, signs no event). Without
 * such a key the event is left unsigned, or, with `required`, the signer throws a {@link UsageError} and the record
 * fails. Throws a {@link UsageError} at once when any key given is a witness key: it would sign nothing, and a record
 * that was asked to sign with it must not go ahead as if it had.
 */
export function createSigner(keys: readonly SigningKey[], options: SignerOptions = {}): EventSigner {
  const witness = keys.find(isWitnessKey);
  if (witness !== undefined) {
    throw new UsageError(
      `${witness.keyId} is a witness key (no actorId): it signs checkpoints only; ` +
        "sign events with an actor's key (generateSigningKey({ keyId, actorId }))",
    );
  }
  return (event: RecordedEvent) => {
    const key = keys.find((k) => k.actorId === event.actor.id && isKeyValidAt(k, event.recordedAt));
    if (key === undefined) {
      if (!options.required) return undefined;
      throw new UsageError(
        `No signing key for ${event.actor.id} valid at ${event.recordedAt} (keys: ${keys.map((k) => k.keyId).join(', ') || 'none'}); ` +
          `give a key of that actor, or record without signing`,
      );
    }
    return signEventHash(key, event.hash);
  };
}

/** The facts of an event a signature check reads. */
export type SignedFacts = {
  readonly hash: string;
  readonly recordedAt: string;
  readonly actorId: string;
  readonly sig?: Signature | undefined;
};

/** Options of {@link checkEventSignature}. */
export type SignatureCheckOptions = {
  /** Every event must be signed. Otherwise only events of actors who held a key valid at the time must. @defaultValue false */
  readonly requireSignatures?: boolean;
};

/**
 * Returns why an event's signature does not hold, or null when it does (or when the event may be unsigned).
 * Checks, in order: the key id is in the registry; it is registered for the event's actor (a witness key, which has
 * no actor, never verifies an event); it was valid at `recordedAt`; the Ed25519 signature verifies over the hash. An unsigned event fails when
 * signatures are required, or when its actor held a key valid at `recordedAt` (a stripped signature).
 */
export function checkEventSignature(
  registry: KeyRegistry,
  event: SignedFacts,
  options: SignatureCheckOptions = {},
): { kind: 'bad_signature' | 'unsigned'; reason: string } | null {
  const { sig } = event;
  if (sig === undefined) {
    if (options.requireSignatures)
      return { kind: 'unsigned', reason: 'the event is not signed, and signatures are required' };
    const held = registry.keysOf(event.actorId, event.recordedAt);
    return held.length === 0
      ? null
      : {
          kind: 'unsigned',
          reason: `the event is not signed, but ${event.actorId} held key ${held[0]!.keyId} at ${event.recordedAt} (was the signature stripped?)`,
        };
  }
  const bad = (reason: string) => ({ kind: 'bad_signature' as const, reason });
  if (sig.alg !== 'ed25519') return bad(`the signature algorithm is ${String(sig.alg)}, not ed25519`);
  const key = registry.get(sig.keyId);
  if (key === undefined) return bad(`it is signed with key ${sig.keyId}, which is not in the key registry`);
  if (isWitnessKey(key)) {
    return bad(
      `it is signed with key ${sig.keyId}, a witness key for checkpoints, not a key of ${event.actorId}; ` +
        `events are signed with a key of that actor (generateSigningKey({ keyId, actorId: '${event.actorId}' })), ` +
        'registered for it',
    );
  }
  if (key.actorId !== event.actorId) {
    return bad(`it is signed with key ${sig.keyId} of ${key.actorId}, but recorded by ${event.actorId}`);
  }
  if (!isKeyValidAt(key, event.recordedAt)) {
    return bad(
      `key ${sig.keyId} was not valid at ${event.recordedAt} (valid ${key.validFrom} to ${key.validTo ?? 'now'})`,
    );
  }
  let valid: boolean;
  try {
    const { verify } = nodeCrypto();
    valid = verify(
      null,
      eventSignatureMessage(event.hash),
      key.publicKey as NodeKeyObject,
      Buffer.from(sig.value, 'base64'),
    );
  } catch {
    valid = false;
  }
  return valid ? null : bad(`the signature by ${sig.keyId} does not verify over the event's hash`);
}
