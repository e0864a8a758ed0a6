import { VersionConflictError, type PhasegateError } from '../errors.ts';

/**
 * The CLI's own hints. A library error names the API that helps (`openStore(url, { create: true })`,
 * `generateSigningKey(...)`); the CLI adds the command that does the same, after the library's message.
 */
const hints: readonly { readonly when: (error: PhasegateError) => boolean; readonly hint: string }[] = [
  { when: (error) => 'missing' in error && error.missing === true, hint: 'phasegate record creates a store' },
  {
    when: (error) => error instanceof VersionConflictError && error.expectedSeq > error.actualSeq,
    hint: 'phasegate state shows the seq',
  },
  {
    when: (error) => error.message.includes('generateSigningKey({ keyId, actorId'),
    hint: 'phasegate keygen ID --actor ACTOR -o FILE --registry FILE makes one',
  },
  {
    when: (error) => error.message.includes('generateSigningKey({ keyId }))'),
    hint: 'phasegate keygen ID -o FILE, without --actor, makes one',
  },
  { when: (error) => error.message.includes('createSigner(keys)'), hint: 'record --sign KEY_FILE' },
  { when: (error) => error.message.includes('verifyJsonlFile or verifyStore'), hint: 'phasegate verify shows them' },
  { when: (error) => error.message.includes('one recordBatch call each'), hint: 'or use phasegate import' },
  {
    when: (error) => error.message.includes('openStore without readOnly'),
    hint: 'any phasegate command that writes to it, such as record',
  },
];

/** Returns what the CLI adds to a library error's message: the command that helps, where the API was named. */
export function cliHint(error: PhasegateError): string {
  const found = hints.filter((rule) => rule.when(error)).map((rule) => rule.hint);
  return found.length === 0 ? '' : ` (${found.join('; ')})`;
}
