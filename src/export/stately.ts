import type { AnyStateMachine } from 'xstate';
import { builtinGuardOf, guardText } from '../workflow/guardParts.ts';

/**
 * Returns code that Stately Studio's "Import from code" accepts: `createMachine({...})` from the machine's own
 * config, with named guards kept (`and([...])`, `not(...)`, `{ type, params }` as written), named actions kept, and
 * the initial context as data. Inline functions cannot be carried over: they become named placeholders. Pure.
 */
export function toStatelyCode(machine: AnyStateMachine): string {
  const body = print(machine.config, '');
  return [
    "import { and, createMachine, not, or, stateIn } from 'xstate';",
    '',
    `export const machine = createMachine(${body});`,
    '',
  ].join('\n');
}

/**
 * Returns the machine's config as plain JSON for tools that draw it (the Stately inspector): guards become their
 * text with names kept (`and(knownOrgs, notFuture)`), functions their names. Pure.
 */
export function toStatelyJson(machine: AnyStateMachine): unknown {
  const convert = (value: unknown, key: string): unknown => {
    if (typeof value === 'function')
      return key === 'guard' ? guardText(value) : { type: (value as { name?: string }).name || 'inline' };
    if (Array.isArray(value)) return value.map((v) => convert(v, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
    }
    return value;
  };
  return convert(machine.config, '');
}

function print(value: unknown, indent: string, key = ''): string {
  const inner = `${indent}  `;
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return printFunction(value, indent, key);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${print(v, inner, key)}`).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${propertyName(k)}: ${print(v, inner, k)}`).join(',\n')},\n${indent}}`;
}

type Fn = { name?: string; guards?: unknown[]; stateValue?: unknown; type?: string };

function printFunction(fn: Fn, indent: string, key: string): string {
  const builtin = builtinGuardOf(fn);
  if (Array.isArray(fn.guards) && (builtin === 'and' || builtin === 'or'))
    return `${builtin}(${print(fn.guards, indent, 'guard')})`;
  if (Array.isArray(fn.guards) && builtin === 'not') return `not(${print(fn.guards[0], indent, 'guard')})`;
  if (builtin === 'stateIn') return `stateIn(${print(fn.stateValue, indent)})`;
  // An inline function (an assign, a guard written in place): Studio gets a named placeholder to implement.
  const name = fn.type ?? (fn.name || 'inline');
  return JSON.stringify(key === 'guard' ? `inline:${name}` : name);
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}
