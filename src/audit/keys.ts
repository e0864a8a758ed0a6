import type { KeyObject as NodeKeyObject } from 'node:crypto';
import { InvalidInputError } from '../errors.ts';
import { parseUntrustedJson } from '../envelope/parse.ts';
import { nodeCrypto } from '../platform/nodeCrypto.ts';

/**
 * Ed25519 keys for signing events and checkpoints, and the registry an auditor verifies them with.
 *
 * Key registry file (JSON, `phasegate-keys/1`): every public key that ever signed, with the window it was valid in.
 * ```json
 * { "format": "phasegate-keys/1",
 *   "keys": [ { "keyId": "eli-2011", "actorId": "eli", "publicKey": "MCowBQYDK2VwAyEA...",
 *               "validFrom": "2011-01-01T00:00:00Z", "validTo": "2012-06-30T00:00:00Z" } ] }
 * ```
 * `publicKey` is the base64 of the key's SPKI DER (or a PEM block). A key is either an actor's or a witness's, never
 * both: with `actorId` it signs that actor's events and nothing else; without one it is a witness (or auditor) key
 * that signs checkpoints and nothing else. `validFrom` is inclusive and `validTo` (optional) exclusive: a key
 * verifies an event only if the event's `recordedAt`, a checkpoint only if its `issuedAt`, falls inside its window.
 *
 * Private key file (JSON, `phasegate-private-key/1`, keep it secret): the same fields, with `privateKey` (base64 of
 * the PKCS#8 DER) instead of `publicKey`.
 */

/**
 * A key as Node's `crypto.KeyObject` holds it, typed by its shape so that the engine's types (its `keys` option) need
 * no `@types/node`: pass Node's KeyObject; cast back to it to hand one to `node:crypto` yourself.
 */
export type KeyObject = { readonly type: string; readonly asymmetricKeyType?: string | undefined };

/** A key id: 1 to 64 of A-Z a-z 0-9 . _ : - */
export type KeyId = string;

/** One public key of the registry and when it was valid. */
export type PublicKeyEntry = {
  readonly keyId: KeyId;
  readonly actorId?: string;
  readonly publicKey: KeyObject;
  /** ISO 8601 date-time, inclusive. */
  readonly validFrom: string;
  /** ISO 8601 date-time, exclusive; absent while the key is in use. */
  readonly validTo?: string;
};

/** A private key to sign with, and the public facts of it. */
export type SigningKey = Omit<PublicKeyEntry, 'publicKey'> & { readonly privateKey: KeyObject };

/** The keys an auditor trusts, by id. */
export type KeyRegistry = {
  readonly keys: readonly PublicKeyEntry[];
  /** Returns the key with this id, or undefined. */
  get(keyId: KeyId): PublicKeyEntry | undefined;
  /** Returns the keys of an actor (never a witness key) that were valid at `time`. */
  keysOf(actorId: string, time: string): PublicKeyEntry[];
};

const keyIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;
const timePattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** True when `time` (ISO 8601) falls inside the key's window: `validFrom <= time < validTo`. */
export function isKeyValidAt(key: Pick<PublicKeyEntry, 'validFrom' | 'validTo'>, time: string): boolean {
  const at = Date.parse(time);
  return Date.parse(key.validFrom) <= at && (key.validTo === undefined || at < Date.parse(key.validTo));
}

/** True for a witness key: one with no `actorId`, which signs checkpoints and never an event. */
export function isWitnessKey(key: Pick<PublicKeyEntry, 'actorId'>): boolean {
  return key.actorId === undefined;
}

/** Returns a registry of public keys. Throws {@link InvalidInputError} for a repeated key id. */
export function createKeyRegistry(keys: readonly PublicKeyEntry[]): KeyRegistry {
  const byId = new Map<string, PublicKeyEntry>();
  for (const key of keys) {
    if (byId.has(key.keyId))
      throw new InvalidInputError(`key registry: key id "${key.keyId}" appears twice; key ids are unique`);
    byId.set(key.keyId, key);
  }
  return {
    keys,
    get: (keyId) => byId.get(keyId),
    keysOf: (actorId, time) => keys.filter((key) => key.actorId === actorId && isKeyValidAt(key, time)),
  };
}

/** Returns a registry from the text of a key registry file. Throws {@link InvalidInputError} naming the bad entry. */
export function parseKeyRegistry(text: string, source = 'key registry'): KeyRegistry {
  const value = parseUntrustedJson(text, undefined, source) as { format?: unknown; keys?: unknown };
  if (
    value === null ||
    typeof value !== 'object' ||
    value.format !== 'phasegate-keys/1' ||
    !Array.isArray(value.keys)
  ) {
    throw new InvalidInputError(`${source}: expected {"format":"phasegate-keys/1","keys":[...]}`);
  }
  return createKeyRegistry(
    value.keys.map((entry, index) => {
      const where = `${source}: keys[${index}]`;
      const facts = keyFacts(entry, where);
      const text = (entry as { publicKey?: unknown }).publicKey;
      if (typeof text !== 'string') throw new InvalidInputError(`${where}: publicKey must be base64 SPKI DER or PEM`);
      return {
        ...facts,
        publicKey: readKey(() => nodeCrypto().createPublicKey(keyInput(text, 'spki')), where, 'public'),
      };
    }),
  );
}

/** Returns the signing key in the text of a private key file. Throws {@link InvalidInputError} if it is not one. */
export function parseSigningKey(text: string, source = 'private key'): SigningKey {
  const value = parseUntrustedJson(text, undefined, source) as { format?: unknown; privateKey?: unknown };
  if (
    value === null ||
    typeof value !== 'object' ||
    value.format !== 'phasegate-private-key/1' ||
    typeof value.privateKey !== 'string'
  ) {
    throw new InvalidInputError(
      `${source}: expected {"format":"phasegate-private-key/1","keyId":...,"privateKey":...}`,
    );
  }
  const privateKey = readKey(
    () => nodeCrypto().createPrivateKey(keyInput(value.privateKey as string, 'pkcs8')),
    source,
    'private',
  );
  return { ...keyFacts(value, source), privateKey };
}

/** Returns a new Ed25519 signing key with the given facts (validFrom defaults to now). Reads the clock. */
export function generateSigningKey(facts: {
  keyId: KeyId;
  actorId?: string;
  validFrom?: string;
  validTo?: string;
}): SigningKey {
  const { privateKey } = nodeCrypto().generateKeyPairSync('ed25519');
  return { ...keyFacts({ validFrom: new Date().toISOString(), ...facts }, 'new key'), privateKey };
}

/** Returns the public registry entry of a signing key. */
export function publicEntryOf(key: SigningKey): PublicKeyEntry {
  const { privateKey, ...facts } = key;
  return { ...facts, publicKey: nodeCrypto().createPublicKey(privateKey as NodeKeyObject) };
}

/** Returns the JSON of a key registry file holding `keys`. */
export function formatKeyRegistry(keys: readonly PublicKeyEntry[]): string {
  const entries = keys.map(({ publicKey, ...facts }) => ({
    ...facts,
    publicKey: (publicKey as NodeKeyObject).export({ type: 'spki', format: 'der' }).toString('base64'),
  }));
  return `${JSON.stringify({ format: 'phasegate-keys/1', keys: entries }, null, 2)}\n`;
}

/** Returns the JSON of a private key file for `key`. */
export function formatSigningKey(key: SigningKey): string {
  const { privateKey, ...facts } = key;
  const der = (privateKey as NodeKeyObject).export({ type: 'pkcs8', format: 'der' }).toString('base64');
  return `${JSON.stringify({ format: 'phasegate-private-key/1', ...facts, privateKey: der }, null, 2)}\n`;
}

function keyFacts(entry: unknown, where: string): Omit<PublicKeyEntry, 'publicKey'> {
  const { keyId, actorId, validFrom, validTo } = (entry ?? {}) as Record<string, unknown>;
  if (typeof keyId !== 'string' || !keyIdPattern.test(keyId))
    throw new InvalidInputError(`${where}: keyId must be 1 to 64 of A-Z a-z 0-9 . _ : -`);
  if (actorId !== undefined && (typeof actorId !== 'string' || actorId.length === 0 || actorId.length > 64)) {
    throw new InvalidInputError(`${where}: actorId must be a participant id`);
  }
  for (const [name, time] of [
    ['validFrom', validFrom],
    ['validTo', validTo],
  ] as const) {
    if (time === undefined && name === 'validTo') continue;
    if (typeof time !== 'string' || !timePattern.test(time) || Number.isNaN(Date.parse(time))) {
      throw new InvalidInputError(`${where}: ${name} must be an ISO 8601 date-time with a zone`);
    }
  }
  return {
    keyId,
    ...(actorId === undefined ? {} : { actorId: actorId }),
    validFrom: validFrom as string,
    ...(validTo === undefined ? {} : { validTo: validTo as string }),
  };
}

function keyInput<TType extends 'spki' | 'pkcs8'>(text: string, type: TType) {
  return text.includes('-----BEGIN')
    ? { key: text, format: 'pem' as const }
    : { key: Buffer.from(text, 'base64'), format: 'der' as const, type };
}

function readKey(read: () => KeyObject, where: string, kind: string): KeyObject {
  let key: KeyObject;
  try {
    key = read();
  } catch (error) {
    throw new InvalidInputError(`${where}: not a readable ${kind} key (${(error as Error).message})`, [], {
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new InvalidInputError(`${where}: the key is ${key.asymmetricKeyType}, not ed25519`);
  return key;
}
