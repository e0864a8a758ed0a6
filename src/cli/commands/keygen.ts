import { existsSync } from 'node:fs';
import {
  formatKeyRegistry,
  formatSigningKey,
  generateSigningKey,
  parseKeyRegistry,
  publicEntryOf,
} from '../../audit/keys.ts';
import { InvalidInputError, UsageError } from '../../errors.ts';
import { required, type Command } from '../command.ts';
import { readText, writeFileAtomically } from '../io.ts';

/**
 * `phasegate keygen`: makes an Ed25519 key. The private key file goes to `-o` (created with mode 600, never
 * overwritten); the public entry is added to the key registry `--registry` (created if missing) or printed.
 */
export const keygenCommand: Command = {
  name: 'keygen',
  usage: 'keygen <keyId> -o PRIVATE_KEY_FILE|- [--actor ID] [--valid-from TIME] [--valid-to TIME] [--registry FILE]',
  summary: 'make an Ed25519 signing key; add its public half to a key registry file',
  options: {
    output: { type: 'string', short: 'o' },
    actor: { type: 'string' },
    'valid-from': { type: 'string' },
    'valid-to': { type: 'string' },
    registry: { type: 'string' },
  },
  usesReadModels: false,
  async run({ io }, positionals, values) {
    const keyId = required(this, positionals, 0, '<keyId>');
    if (typeof values.output !== 'string')
      throw new UsageError(`keygen needs -o FILE for the private key\nusage: phasegate ${this.usage}`);
    const registry = typeof values.registry === 'string' ? values.registry : undefined;
    // `-o -` is stdout (README, "Command line"), never a file named "-"; the public half then goes to the registry.
    const toStdout = values.output === '-';
    if (toStdout && registry === undefined) {
      throw new UsageError('keygen -o - writes the private key to stdout, so the public key needs --registry FILE');
    }
    if (!toStdout && existsSync(values.output)) {
      throw new UsageError(`${values.output} exists; a private key file is never overwritten`);
    }
    const existing =
      registry !== undefined && existsSync(registry) ? parseKeyRegistry(await readText(registry), registry).keys : [];
    if (existing.some((k) => k.keyId === keyId))
      throw new UsageError(`${registry} already has a key ${keyId}; key ids are unique`);
    const key = generateSigningKey({
      keyId,
      ...(typeof values.actor === 'string' ? { actorId: values.actor } : {}),
      ...(typeof values['valid-from'] === 'string' ? { validFrom: values['valid-from'] } : {}),
      ...(typeof values['valid-to'] === 'string' ? { validTo: values['valid-to'] } : {}),
    });
    if (key.validTo !== undefined && Date.parse(key.validTo) <= Date.parse(key.validFrom)) {
      throw new InvalidInputError(
        `--valid-to ${key.validTo} is not after ${typeof values['valid-from'] === 'string' ? '--valid-from ' : 'now, '}` +
          `${key.validFrom}: the key would never be valid. Nothing was written.`,
      );
    }
    const entry = publicEntryOf(key);
    if (toStdout) {
      await writeFileAtomically(registry!, (write) => write(formatKeyRegistry([...existing, entry])));
      io.stdout.write(formatSigningKey(key));
      io.stderr.write(
        `phasegate: key ${keyId} written to stdout (keep it secret); its public key added to ${registry!}\n`,
      );
      return 0;
    }
    await writeFileAtomically(values.output, (write) => write(formatSigningKey(key)), { mode: 0o600, exclusive: true });
    if (registry !== undefined) {
      await writeFileAtomically(registry, (write) => write(formatKeyRegistry([...existing, entry])));
      io.stderr.write(`phasegate: key ${keyId} written to ${values.output}; its public key added to ${registry}\n`);
    } else {
      io.stdout.write(formatKeyRegistry([entry]));
    }
    return 0;
  },
};
