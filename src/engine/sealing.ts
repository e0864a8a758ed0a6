import { InvalidInputError } from '../errors.ts';
import { sealWithBytes } from '../envelope/canonical.ts';
import type { RecordedEvent, Signature, UnhashedEvent } from '../envelope/envelope.ts';
import type { InputLimits } from '../envelope/limits.ts';
import { utf8Length } from '../platform/runtime.ts';

/**
 * Signs a sealed event: returns the `sig` to store with it, or undefined to leave it unsigned. Called once per event
 * the engine appends, after its hash is computed; throwing stops the append (nothing is stored).
 */
export type EventSigner = (event: RecordedEvent) => Signature | undefined;

/**
 * Returns the event with its `hash` (and `sig`, when `signer` gives one). Throws {@link InvalidInputError} naming
 * `where` when the stored line would be over `limits.maxEventBytes`.
 */
export function sealEvent(
  event: UnhashedEvent,
  limits: InputLimits,
  where: string,
  signer?: EventSigner,
): RecordedEvent {
  const { event: sealed, bytes } = sealWithBytes(event, signer);
  const size = utf8Length(bytes);
  if (size > limits.maxEventBytes) {
    throw new InvalidInputError(
      `${where}: the event would take ${size} bytes, over the limit of ${limits.maxEventBytes}`,
    );
  }
  return sealed;
}
