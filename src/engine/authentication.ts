import type { KeyRegistry } from '../audit/keys.ts';
import { checkEventSignature } from '../audit/signatures.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { UsageError } from '../errors.ts';

/** Returns why a sealed (and signed) event does not show its actor, or null when it does. */
export type Authenticator = (event: RecordedEvent) => string | null;

/**
 * Returns the engine's check that an event is signed by its actor (README, "Who the actor is: authentication"), or
 * undefined without a key registry. The embedding application authenticates its callers and passes the actor; with
 * keys, the engine also asks for the actor's own signature, so nobody records in another organisation's name
 * without that organisation's private key. Throws a {@link UsageError} for `requireSignatures` without `keys`.
 */
export function authenticator(options: {
  readonly keys?: KeyRegistry;
  readonly requireSignatures?: boolean;
}): Authenticator | undefined {
  const { keys, requireSignatures = false } = options;
  if (keys === undefined) {
    if (requireSignatures) {
      throw new UsageError('requireSignatures needs keys: the registry of public keys the signatures are checked with');
    }
    return undefined;
  }
  return (event) => {
    const facts = { hash: event.hash, recordedAt: event.recordedAt, actorId: event.actor.id, sig: event.sig };
    const problem = checkEventSignature(keys, facts, { requireSignatures });
    if (problem === null) return null;
    const held = keys.keysOf(event.actor.id, event.recordedAt);
    const hint =
      held.length > 0
        ? `sign it with the private key of ${held.map((k) => k.keyId).join(' or ')} (createEngine({ signer: createSigner(keys) }))`
        : `${event.actor.id} has no key valid at ${event.recordedAt} in the key registry; ` +
          `register one (generateSigningKey({ keyId, actorId: '${event.actor.id}' }), its publicEntryOf in the registry)`;
    const what = problem.kind === 'unsigned' ? 'not signed by its actor' : 'its signature does not show its actor';
    return `${what}: ${problem.reason}; ${hint}`;
  };
}
