import { describe, expect, it } from 'vitest';
import {
  assertSafeJson,
  defaultLimits,
  InvalidInputError,
  parseProposalsText,
  parseUntrustedJson,
} from '../../src/index.ts';

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe('parseUntrustedJson', () => {
  it('accepts nesting up to the depth limit and refuses one level more', () => {
    expect(() => assertSafeJson(nested(defaultLimits.maxDepth - 1))).not.toThrow();
    expect(() => assertSafeJson(nested(defaultLimits.maxDepth))).not.toThrow();
    expect(() => assertSafeJson(nested(defaultLimits.maxDepth + 1))).toThrow(/nesting deeper than 64 levels/);
  });

  it('refuses text over the per-event byte limit, at the limit + 1', () => {
    const limit = defaultLimits.maxEventBytes;
    const padded = (bytes: number) => `"${'x'.repeat(bytes - 2)}"`;
    const limits = { ...defaultLimits, maxStringLength: limit };
    expect(() => parseUntrustedJson(padded(limit - 1), limits)).not.toThrow();
    expect(() => parseUntrustedJson(padded(limit), limits)).not.toThrow();
    expect(() => parseUntrustedJson(padded(limit + 1), limits)).toThrow(
      /1048577 bytes is over the limit of 1048576 bytes/,
    );
  });

  it('refuses __proto__ and constructor keys anywhere', () => {
    expect(() => parseUntrustedJson('{"data":{"__proto__":{"polluted":1}}}')).toThrow(
      'data.__proto__: the key "__proto__" is refused (prototype pollution)',
    );
    expect(() => parseUntrustedJson('{"a":[{"constructor":{"prototype":{}}}]}')).toThrow('a[0].constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses malformed JSON, lone surrogates and deep arrays with a message naming the problem', () => {
    expect(() => parseUntrustedJson('{"a":')).toThrow(InvalidInputError);
    expect(() => parseUntrustedJson('"\\ud800"')).toThrow('lone UTF-16 surrogate');
    expect(() => parseUntrustedJson('['.repeat(10_000) + ']'.repeat(10_000))).toThrow(/nest/);
  });

  it('treats a property set to undefined as absent, as JSON does', () => {
    expect(() => assertSafeJson({ a: undefined, b: 1 })).not.toThrow();
    expect(() => assertSafeJson([undefined])).toThrow('undefined is not a JSON value');
  });
});

describe('parseProposalsText', () => {
  it('reads NDJSON with blank lines, CRLF and a BOM, and a single pretty-printed object', () => {
    expect(parseProposalsText('\ufeff{"a":1}\r\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseProposalsText('{\n  "a": 1\n}\n')).toEqual([{ a: 1 }]);
  });

  it('names the line of a malformed proposal', () => {
    expect(() => parseProposalsText('{"a":1}\n{"a":\n', defaultLimits, 'seed.jsonl')).toThrow(
      /^seed\.jsonl line 2: not valid JSON/,
    );
    expect(() => parseProposalsText('  \n')).toThrow('no proposals found');
  });
});
