/**
 * Generates src/iati/codelists.json from the IATI 2.03 codelists (XML, one file per list), so that the engine and
 * the IATI export check codes against the lists themselves rather than hand-copied constants.
 *
 *   npm run codelists [-- <codelists-dir> [<out-file>]]   default: ../shared/iati-2.03/codelists, src/iati/codelists.json
 *
 * Only the lists phasegate reads are kept, each item as [code, English name, status]; descriptions are dropped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convert } from 'xmlbuilder2';
import { codelistNames } from '../src/iati/codelistNames.ts';

type Narrative = string | { '#'?: string; '@xml:lang'?: string };
type Item = { '@status'?: string; code: string | number; name?: { narrative?: Narrative | Narrative[] } };

const dir = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'iati-2.03', 'codelists');

function english(name: Item['name']): string {
  const narratives = name?.narrative === undefined ? [] : ([] as Narrative[]).concat(name.narrative);
  const plain = narratives.find(
    (n) => typeof n === 'string' || n['@xml:lang'] === undefined || n['@xml:lang'] === 'en',
  );
  return (typeof plain === 'string' ? plain : (plain?.['#'] ?? '')).replace(/\s+/g, ' ').trim();
}

const lists: Record<string, { title: string; items: [string, string, string][] }> = {};
for (const name of codelistNames) {
  const xml = readFileSync(join(dir, `${name}.xml`), 'utf8');
  const doc = convert(xml, { format: 'object' }) as unknown as {
    codelist: { metadata?: { name?: Item['name'] }; 'codelist-items': { 'codelist-item': Item | Item[] } };
  };
  const items = ([] as Item[]).concat(doc.codelist['codelist-items']['codelist-item']);
  lists[name] = {
    title: english(doc.codelist.metadata?.name) || name,
    items: items.map((item) => [String(item.code).trim(), english(item.name), item['@status'] ?? 'active']),
  };
}
const out = process.argv[3] ?? join(import.meta.dirname, '..', 'src', 'iati', 'codelists.json');
writeFileSync(
  out,
  `${JSON.stringify({ standard: 'IATI 2.03', attribution: 'IATI Standard (http://iatistandard.org/)', lists })}\n`,
);
console.log(`wrote ${out}: ${Object.keys(lists).length} lists`);
