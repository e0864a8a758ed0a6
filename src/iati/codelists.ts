import data from './codelists.json' with { type: 'json' };
import type { CodelistName } from './codelistNames.ts';

export { codelistNames } from './codelistNames.ts';
export type { CodelistName } from './codelistNames.ts';

/** One item of an IATI codelist: its code, English name, and whether it is active or withdrawn. */
export type CodelistItem = { readonly code: string; readonly name: string; readonly status: 'active' | 'withdrawn' };

type Lists = Record<
  CodelistName,
  { readonly title: string; readonly items: readonly (readonly [string, string, string])[] }
>;
const lists = (data as unknown as { lists: Lists }).lists;
const indexes = new Map<CodelistName, ReadonlyMap<string, CodelistItem>>();

function indexOf(list: CodelistName): ReadonlyMap<string, CodelistItem> {
  let index = indexes.get(list);
  if (index === undefined) {
    index = new Map(
      lists[list].items.map(([code, name, status]) => [code, { code, name, status: status as CodelistItem['status'] }]),
    );
    indexes.set(list, index);
  }
  return index;
}

/** Returns the item of `list` with `code` (active or withdrawn), or undefined when the list has no such code. */
export function codelistItem(list: CodelistName, code: string | number): CodelistItem | undefined {
  return indexOf(list).get(String(code));
}

/** Returns true when `code` is an active item of the IATI 2.03 codelist `list`. */
export function isActiveCode(list: CodelistName, code: string | number): boolean {
  return codelistItem(list, code)?.status === 'active';
}

/** Returns the English name of `code` in `list` (e.g. TransactionType 11: "Incoming Commitment"), or the code itself. */
export function codeName(list: CodelistName, code: string | number): string {
  const item = codelistItem(list, code);
  return item === undefined || item.name === '' ? String(code) : item.name;
}

/** Returns the title of a codelist as IATI publishes it (Sector: "DAC 5 Digit Sector"). */
export function codelistTitle(list: CodelistName): string {
  return lists[list].title;
}

/**
 * Returns why `code` may not be used from `list`, naming the list, or null when it is an active code.
 * @example codeProblem('Language', 'zh-Hans') // '"zh-Hans" is not a code of the IATI Language codelist'
 */
export function codeProblem(list: CodelistName, code: string | number): string | null {
  const item = codelistItem(list, code);
  const title = codelistTitle(list);
  const named = `the IATI ${list} codelist${title === list ? '' : ` (${title})`}`;
  if (item === undefined) return `${JSON.stringify(String(code))} is not a code of ${named}`;
  return item.status === 'active' ? null : `${JSON.stringify(String(code))} is withdrawn from ${named}`;
}
