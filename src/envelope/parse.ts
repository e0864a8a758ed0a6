import { InvalidInputError } from '../errors.ts';
import { utf8Length } from '../platform/runtime.ts';
import { defaultLimits, type InputLimits } from './limits.ts';
import { createProposalParser } from './proposalStream.ts';

const forbiddenKeys = new Set(['__proto__', 'constructor']);

/**
 * Throws {@link InvalidInputError} unless `value` is plain JSON within the limits: nesting no deeper than
 * `maxDepth`, no string longer than `maxStringLength` or holding a lone surrogate, no `__proto__` or `constructor`
 * key anywhere (prototype pollution), no value JSON cannot carry. `where` prefixes the message.
 */
export function assertSafeJson(value: unknown, limits: InputLimits = defaultLimits, where = 'input'): void {
  const fail = (path: string, message: string): never => {
    throw new InvalidInputError(`${where}: ${path || '(root)'}: ${message}`, [{ path, message }]);
  };
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node === 'string') {
      if (node.length > limits.maxStringLength) {
        fail(path, `string of ${node.length} characters is over the limit of ${limits.maxStringLength}`);
      }
      if (!node.isWellFormed()) fail(path, 'string holds a lone UTF-16 surrogate, which is not valid Unicode');
      return;
    }
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) fail(path, 'number must be finite');
      return;
    }
    if (node === null || typeof node === 'boolean') return;
    if (typeof node !== 'object') fail(path, `${typeof node} is not a JSON value`);
    if (depth >= limits.maxDepth) fail(path, `nesting deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) visit(node[i], `${path}[${i}]`, depth + 1);
      return;
    }
    const proto = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) fail(path, 'only plain JSON objects are accepted');
    for (const key of Object.keys(node as object)) {
      const childPath = path ? `${path}.${key}` : key;
      if (forbiddenKeys.has(key)) fail(childPath, `the key "${key}" is refused (prototype pollution)`);
      const child = (node as Record<string, unknown>)[key];
      // As in JSON.stringify, a property set to undefined is an absent property.
      if (child !== undefined) visit(child, childPath, depth + 1);
    }
  };
  visit(value, '', 0);
}

/**
 * Parses one JSON document from an untrusted source and checks it with {@link assertSafeJson}.
 * Throws {@link InvalidInputError} for text over `maxEventBytes`, malformed JSON, or a value outside the limits.
 */
export function parseUntrustedJson(text: string, limits: InputLimits = defaultLimits, where = 'input'): unknown {
  const bytes = utf8Length(text);
  if (bytes > limits.maxEventBytes) {
    throw new InvalidInputError(
      `${where}: ${bytes} bytes is over the limit of ${limits.maxEventBytes} bytes per event; split it or trim the payload`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof RangeError ? 'nested too deeply' : (error as Error).message;
    throw new InvalidInputError(`${where}: not valid JSON (${detail})`, [], { cause: error });
  }
  assertSafeJson(value, limits, where);
  return value;
}

/**
 * Parses proposals from text that is either one JSON object (possibly pretty-printed) or NDJSON (one object per line).
 * Blank lines, a leading BOM and CRLF line ends are accepted. Errors name the line.
 */
export function parseProposalsText(text: string, limits: InputLimits = defaultLimits, source = 'input'): unknown[] {
  const parser = createProposalParser(limits, source);
  parser.push(text);
  return parser.end();
}
