import { InvalidInputError } from '../errors.ts';
import { canonicalJson, sha256Hex } from '../event/canonical.ts';
import type { RecordedEvent, Signature, UnhashedEvent } from '../event/envelope.ts';
import type { InputLimits } from '../event/limits.ts';

/**
 * Signs a sealed event: returns the `sig` to store with it, or undefined to leave it unsigned. Called once per event
 * the engine appends, after its hash is computed; throwing stops the append (nothing is stored).
 */
export type EventSigner = (event: RecordedEvent) => Signature | undefined;

/** Bytes the top-level `,"hash":"<64 hex>"` member adds to the canonical line. */
const hashMemberBytes = 74;

/**
 * Returns the event with its `hash` (and `sig`, when `signer` gives one). Throws {@link InvalidInputError} naming
 * `where` when the stored line would be over `limits.maxEventBytes`.
 */
export function sealEvent(event: UnhashedEvent, limits: InputLimits, where: string, signer?: EventSigner): RecordedEvent {
  const body = canonicalJson(event);
  const sealed: RecordedEvent = { ...event, hash: sha256Hex(body) };
  const sig = signer?.(sealed);
  const bytes = Buffer.byteLength(body, 'utf8') + hashMemberBytes + (sig ? Buffer.byteLength(canonicalJson(sig), 'utf8') + 7 : 0);
  if (bytes > limits.maxEventBytes) {
    throw new InvalidInputError(`${where}: the event would take ${bytes} bytes, over the limit of ${limits.maxEventBytes}`);
  }
  return sig ? { ...sealed, sig } : sealed;
}
