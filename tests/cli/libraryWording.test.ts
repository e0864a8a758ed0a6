import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The library speaks its API, the CLI its commands (issue 10 §3; README "0.2"): no code line outside src/cli/ tells
 * an embedder to run a phasegate command; src/cli/hints.ts adds the command after the library's message.
 */
const root = join(import.meta.dirname, '../..');
const commands = readdirSync(join(root, 'src/cli/commands')).map((file) => file.replace(/\.ts$/, ''));
const speaksCli = new RegExp(`phasegate (${commands.join('|')})\\b|\\b(${commands.join('|')}) --[a-z]`);

/** Lines that name a command without telling anyone to run it: the inspector page's title. */
const allowed = [/^<title>phasegate inspect: /];

function* codeFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* codeFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

describe('library wording', () => {
  it('names no CLI command in a code line outside src/cli/ (comments may)', () => {
    const found: string[] = [];
    for (const dir of ['src', 'machines', 'events']) {
      for (const path of codeFiles(join(root, dir))) {
        const file = relative(root, path);
        if (file.startsWith('src/cli/')) continue;
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, index) => {
            const code = line.trim();
            if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*')) return;
            if (speaksCli.test(code) && !allowed.some((pattern) => pattern.test(code)))
              found.push(`${file}:${index + 1}: ${code}`);
          });
      }
    }
    expect(found).toEqual([]);
  });
});
