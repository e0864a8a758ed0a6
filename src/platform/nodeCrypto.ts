import type * as NodeCrypto from 'node:crypto';
import { UsageError } from '../errors.ts';

/**
 * Node's `crypto` module, taken when first needed (Ed25519 keys and signatures) instead of imported: the engine can
 * check signatures, and the core entry still imports no Node module and bundles for the browser (README "0.2:
 * subpath entries"). Throws a {@link UsageError} where there is none.
 * @internal
 */
export function nodeCrypto(): typeof NodeCrypto {
  const host = (globalThis as { readonly process?: { readonly getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = host?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  if (crypto === undefined) {
    throw new UsageError('Ed25519 keys and signatures need Node (20.16 or later, for node:crypto); this host has none');
  }
  return crypto;
}
