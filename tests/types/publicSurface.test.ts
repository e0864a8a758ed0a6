// The public surface of the package (issue 10 §4): every name each entry of package.json's `exports` gives a
// consumer, read from the built .d.ts (`npm test` builds first) with the TypeScript compiler, and compared with the
// committed listing tests/types/public-api.txt, so a change of the public surface is a visible diff. Regenerate the
// listing after a deliberate change with `UPDATE_PUBLIC_API=1 npx vitest run tests/types/publicSurface.test.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const listingPath = fileURLToPath(new URL('./public-api.txt', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, { types?: string }>;
};
const entries = Object.entries(manifest.exports).flatMap(([name, target]) =>
  target.types === undefined
    ? []
    : [{ name: name === '.' ? 'phasegate' : `phasegate/${name.slice(2)}`, file: target.types }],
);
/** Test hooks and src-only helpers that must not reach a consumer (marked @internal, or not exported by an entry). */
const internalNames = ['beforeCommit', 'writeBytes', 'escapeHtml', 'defuseFormula', 'compareDates', 'readJsonlChunks'];

const program = ts.createProgram(
  entries.map((entry) => `${root}${entry.file}`),
  {
    noEmit: true,
    strict: true,
    skipLibCheck: false,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
  },
);
const checker = program.getTypeChecker();

/** Returns `kind name` for every export of an entry, and the names of the members of its exported types. */
function surfaceOf(file: string): { exports: string[]; members: Set<string> } {
  const source = program.getSourceFile(`${root}${file}`);
  if (source === undefined) throw new Error(`${file} was not built: run npm run build first`);
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const members = new Set<string>();
  const exports = checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const type =
      target.flags & ts.SymbolFlags.Value ? checker.getTypeOfSymbol(target) : checker.getDeclaredTypeOfSymbol(target);
    for (const property of type.getProperties()) members.add(property.name);
    for (const signature of type.getCallSignatures()) {
      for (const parameter of signature.getParameters()) {
        for (const property of checker.getTypeOfSymbol(parameter).getProperties()) members.add(property.name);
      }
    }
    return `${kindOf(target)} ${symbol.name}`;
  });
  return { exports: exports.sort(), members };
}

function kindOf(symbol: ts.Symbol): string {
  if (symbol.flags & ts.SymbolFlags.Class) return 'class';
  if (symbol.flags & ts.SymbolFlags.Function) return 'function';
  if (symbol.flags & ts.SymbolFlags.Variable) return 'const';
  return 'type';
}

describe('the public surface of the package', () => {
  const surfaces = entries.map((entry) => ({ ...entry, ...surfaceOf(entry.file) }));

  it('type-checks as a consumer compiles it (skipLibCheck off)', () => {
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(`${root}dist/`))
      .map((d) => `${d.file!.fileName.slice(root.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
    // A whole-program type check of dist/: about 15 s CPU, over a minute on a 2-core machine under load.
  }, 600_000);

  it('gives no consumer a test hook or a src-only helper', () => {
    for (const surface of surfaces) {
      const names = new Set([...surface.exports.map((line) => line.split(' ')[1]!), ...surface.members]);
      expect(
        internalNames.filter((name) => names.has(name)),
        surface.name,
      ).toEqual([]);
    }
  });

  it('is the committed listing (tests/types/public-api.txt)', () => {
    const listing = surfaces.map((s) => [`# ${s.name} (${s.file})`, ...s.exports, ''].join('\n')).join('\n');
    if (process.env.UPDATE_PUBLIC_API === '1') writeFileSync(listingPath, listing);
    expect(listing).toBe(readFileSync(listingPath, 'utf8'));
  });
});
