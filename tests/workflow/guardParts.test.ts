import { and, not, or, stateIn } from 'xstate';
import { describe, expect, it } from 'vitest';
import { guardNames, guardParts, guardText } from '../../src/index.ts';

describe('reading xstate guards (one reader for refusals and charts)', () => {
  const decisionIsGo = { type: 'decisionIs', params: { decision: 'go' } };
  const notClosed = not('closed');
  const g = and(['known', decisionIsGo, and(['inner', notClosed])]);

  it('flattens and, nested too, into the named guards that must all hold, each with the reference it was read from', () => {
    expect(guardParts(g)).toEqual([
      { type: 'known', params: undefined, guard: 'known' },
      { type: 'decisionIs', params: { decision: 'go' }, guard: decisionIsGo },
      { type: 'inner', params: undefined, guard: 'inner' },
      { type: 'not(closed)', params: undefined, guard: notClosed },
    ]);
    expect(guardParts(g)[3]!.guard).toBe(notClosed);
    expect(guardParts(undefined)).toEqual([]);
    const either = or(['a', 'b']);
    expect(guardParts(either)).toEqual([{ type: 'or(a, b)', params: undefined, guard: either }]);
  });

  it('writes a guard as text with its names and parameters, and lists the names a chart shows', () => {
    expect(guardText(g)).toBe('and(known, decisionIs(go), and(inner, not(closed)))');
    expect(guardText(stateIn('#m.open'))).toBe('stateIn("#m.open")');
    expect(
      guardText(function small() {
        return true;
      }),
    ).toBe('small');
    expect(guardNames(g)).toEqual(['known', 'decisionIs(go)', 'inner', 'closed']);
  });

  it('knows the built-in guards by what they are, not by a function name a bundler renames', () => {
    // esbuild's browser bundle renames xstate's inner `function and` to `and2` (tests/package/package.test.ts).
    const renamed = <T extends object>(guard: T, name: string): T =>
      Object.defineProperty(guard, 'name', { value: name });
    const renamedNot = renamed(not('closed'), 'not3');
    const bundled = renamed(and(['known', renamedNot]), 'and2');
    expect(guardParts(bundled)).toEqual([
      { type: 'known', params: undefined, guard: 'known' },
      { type: 'not(closed)', params: undefined, guard: renamedNot },
    ]);
    expect(guardText(renamed(stateIn('#m.open'), 'stateIn4'))).toBe('stateIn("#m.open")');
    expect(guardText(renamed(or(['a', 'b']), 'x'))).toBe('or(a, b)');
  });
});
