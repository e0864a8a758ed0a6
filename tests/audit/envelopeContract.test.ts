/**
 * One envelope contract (README "Stores", "Auditing a log"): a line the engine never writes (an added `__proto__`,
 * `constructor` or unknown field, or a `__proto__` key inside the data), re-hashed into a chain that is valid in
 * every other way, is refused by `verify`, `replay` and `import` alike, for a JSONL log and a SQLite store: exit 4,
 * naming the seq and the field.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex, type RecordedEvent } from '../../src/index.ts';
import fc from 'fast-check';
import {
  describeEnvelopeProblem,
  envelopeProblem,
  envelopeRules,
  type StringField,
} from '../../src/envelope/contract.ts';
import { fcSeed } from '../fcSeed.ts';
import { readLine } from '../../src/audit/lineFields.ts';
import { plainFormatChecks } from '../../src/envelope/plainFormats.ts';
import { runMain } from '../support/cli.ts';
import { temporaryDirectory } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());
const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;
const goldenLines = readFileSync(golden, 'utf8').trimEnd().split('\n');
const events = () => goldenLines.map((line) => JSON.parse(line) as Record<string, unknown>);

/** Sets an own, enumerable property (also `__proto__`, which an object literal or assignment would not make own). */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** Changes event `at` (0-based) with `change` and re-hashes the chain from it on: a forger with the hash function. */
function forged(at: number, change: (event: Record<string, unknown>) => void): { text: string; seq: number } {
  const log = events();
  change(log[at]!);
  for (let i = at; i < log.length; i++) {
    const event = log[i]!;
    if (i > at) event.prev = log[i - 1]!.hash;
    const { hash: _hash, sig: _sig, ...hashed } = event;
    event.hash = sha256Hex(canonicalJson(hashed));
  }
  return { text: log.map((event) => `${canonicalJson(event)}\n`).join(''), seq: log[at]!.seq as number };
}

const middle = Math.floor(goldenLines.length / 2);
const cases: Array<[name: string, field: string, change: (event: Record<string, unknown>) => void]> = [
  ['an added __proto__ field', '__proto__', (e) => withOwn(e, '__proto__', { isAdmin: true })],
  ['an added constructor field', 'constructor', (e) => withOwn(e, 'constructor', { prototype: { x: 1 } })],
  ['an unknown field', 'approvedBy', (e) => withOwn(e, 'approvedBy', 'sz-epb')],
  [
    'a __proto__ key inside the data',
    'data.__proto__',
    (e) => withOwn(e.data as Record<string, unknown>, '__proto__', { x: 1 }),
  ],
  ['an actor with an extra field', 'actor', (e) => withOwn(e.actor as Record<string, unknown>, 'verified', true)],
];

describe('the envelope contract', () => {
  it('holds for every event the engine wrote (the golden logs)', () => {
    for (const event of events()) expect(envelopeProblem(event)).toBeNull();
    for (const line of goldenLines) expect(readLine(Buffer.from(line)).outcome).toBe('read');
  });

  it("reads each string field the same on a plain line (verify's fast path) as on the parsed value (the rule)", () => {
    const fields = Object.keys(plainFormatChecks) as StringField[];
    const samples = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefAZ-_.:@T+Z "\\\n'), maxLength: 70 }),
      fc.constantFrom(
        '2011-07-01',
        '2011-07-01T09:00:00Z',
        '2011-07-01T09:00:00.123Z',
        '2011-07-01T09:00+08:00',
        'programme@2',
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...fields), samples, (field, value) => {
        const line = JSON.stringify(value);
        fc.pre(!line.slice(1, -1).includes('\\')); // a plain line: no escapes
        const inPlace = plainFormatChecks[field](Buffer.from(line), 1, line.length - 1);
        expect(inPlace).toBe(envelopeRules[field]!(value) === null);
      }),
      { numRuns: 2000, seed: fcSeed },
    );
  });

  it.each(cases)("%s: the contract names the field, and verify's fast and slow paths agree", (_name, field, change) => {
    const { text } = forged(middle, change);
    const line = text.split('\n')[middle]!;
    const event = JSON.parse(line) as RecordedEvent;
    expect(envelopeProblem(event)?.field).toBe(field);
    const reading = readLine(Buffer.from(line));
    expect(reading.outcome).toBe('defective');
    if (reading.outcome === 'defective') expect(reading.defect.reason).toContain(`"${field}"`);
  });

  it.each(cases)(
    '%s, re-hashed into a valid chain: verify, replay and import of the JSONL log exit 4 naming seq and field',
    async (_name, field, change) => {
      const { text, seq } = forged(middle, change);
      const file = dir.file(`forged-${field.replace(/\W/g, '')}.jsonl`, text);
      const key = field;

      const verify = await runMain(['verify', file]);
      expect(verify.code).toBe(4);
      expect(verify.stdout).toMatch(new RegExp(`at seq ${seq}\\b.*"${key}"`));

      const replay = await runMain(['replay', file]);
      expect(replay.code).toBe(4);
      expect(replay.stderr).toContain(`seq ${seq}`);
      expect(replay.stderr).toContain(`"${key}"`);

      const target = dir.file(`imported-${field.replace(/\W/g, '')}.db`);
      const imported = await runMain(['import', file, target]);
      expect(imported.code).toBe(4);
      expect(imported.stderr).toContain(`seq ${seq}`);
      expect(imported.stderr).toContain(`"${key}"`);
    },
  );

  it('a SQLite row holding a forged envelope: verify, replay, state and export exit 4 naming seq and field', async () => {
    const db = dir.file('forged.db');
    expect((await runMain(['import', golden, db])).code).toBe(0);
    const { text, seq } = forged(middle, (e) => withOwn(e, 'constructor', { prototype: { x: 1 } }));
    const sqlite = new Database(db);
    const update = sqlite.prepare('UPDATE events SET body = ? WHERE stream = ? AND seq = ?');
    const stream = events()[0]!.stream as string;
    for (const line of text.trimEnd().split('\n').slice(middle)) {
      const event = JSON.parse(line) as RecordedEvent;
      update.run(line, stream, event.seq);
    }
    sqlite.close();
    for (const argv of [
      ['verify', db],
      ['replay', db],
      ['state', db, stream],
      ['export', db, stream],
    ]) {
      const result = await runMain(argv);
      expect(result.code, argv.join(' ')).toBe(4);
      expect(`${result.stdout}${result.stderr}`, argv.join(' ')).toContain(`seq ${seq}`);
      expect(`${result.stdout}${result.stderr}`, argv.join(' ')).toContain('"constructor"');
    }
  });
});

describe('the envelope contract, field by field', () => {
  const hex = 'ab'.repeat(32);
  const base = (): Record<string, unknown> => ({
    actor: { id: 'nl-agency', role: 'programme_manager' },
    data: { n: 1 },
    hash: hex,
    id: 'e-1',
    occurredAt: '2011-07-01',
    prev: '0'.repeat(64),
    recordedAt: '2011-07-01T09:00:00.000Z',
    schema: 1,
    seq: 7,
    stream: 'lcz.sz-2011',
    type: 'ProgrammeProposed',
    workflow: 'programme@2',
  });
  const problemWith = (field: string, value: unknown) => envelopeProblem({ ...base(), [field]: value });
  const sig = { alg: 'ed25519', keyId: 'k1', value: 'c2ln' };

  it('accepts an envelope with only the required fields, and with the optional ones', () => {
    expect(envelopeProblem(base())).toBeNull();
    expect(envelopeProblem({ ...base(), causationId: 'c-1', correlationId: 'r-1', sig })).toBeNull();
  });

  it('refuses a value that is not a JSON object as a whole', () => {
    for (const value of [null, [base()], 'event', 7]) {
      expect(envelopeProblem(value)).toEqual({ field: '(root)', message: 'is not a JSON object' });
    }
  });

  it('names every required field when it is missing, and only the three optional ones may be left out', () => {
    for (const field of Object.keys(base())) {
      const { [field]: _left, ...rest } = base();
      expect(envelopeProblem(rest)).toEqual({ field, message: `the field "${field}" is missing` });
    }
  });

  it.each<[field: string, bad: unknown, expected: string]>([
    [
      'actor',
      { id: 'a', role: 'b', verified: true },
      'has the field "verified", which is not part of it ({ id, role } as strings)',
    ],
    ['actor', { id: 'a', role: 3 }, 'expected { id, role } as strings'],
    ['actor', ['a', 'b'], 'expected { id, role } as strings'],
    ['causationId', 'x'.repeat(65), 'expected up to 64 url-safe characters'],
    ['correlationId', 'a.b', 'expected up to 64 url-safe characters'],
    ['data', [1], 'expected a JSON object'],
    ['data', null, 'expected a JSON object'],
    ['hash', 'AB'.repeat(32), 'expected 64 lowercase hex digits'],
    ['id', '', 'expected an event id of up to 64 url-safe characters'],
    ['id', 12345, 'expected an event id of up to 64 url-safe characters'],
    ['occurredAt', '2011-07-01T09:00', 'expected an ISO 8601 date or date-time with a zone'],
    ['prev', '0'.repeat(63), 'expected 64 lowercase hex digits'],
    ['recordedAt', '2011-07-01T09:00:00.000+08:00', 'expected a UTC instant such as 2011-07-01T09:00:00.000Z'],
    ['schema', 0, 'expected a whole number >= 1'],
    ['seq', 1.5, 'expected a whole number >= 1'],
    ['seq', '7', 'expected a whole number >= 1'],
    ['sig', { ...sig, alg: 'rsa' }, 'expected alg "ed25519"'],
    ['sig', { alg: 'ed25519', keyId: 'k1' }, 'expected { keyId, alg: "ed25519", value }'],
    ['stream', 's'.repeat(129), 'expected a stream id ([A-Za-z0-9._-], 1 to 128 characters)'],
    ['type', 'T'.repeat(65), 'expected an event type of 1 to 64 characters (no quote, backslash or control character)'],
    ['workflow', 'programme@0', 'expected a workflow ref such as programme@2'],
  ])('refuses %s = %j, saying what it expected', (field, bad, expected) => {
    expect(problemWith(field, bad)).toEqual({ field, message: `the field "${field}": ${expected}` });
  });

  it('accepts each format up to its limits', () => {
    const fits: Array<[string, unknown]> = [
      ['id', 'x'.repeat(64)],
      ['stream', 's'.repeat(128)],
      ['type', 'T'.repeat(64)],
      ['workflow', 'programme@123456789'],
      ['occurredAt', '2011-07-01T09:00+08:00'],
      ['recordedAt', '2011-07-01T09:00:00.123456789Z'],
      ['seq', Number.MAX_SAFE_INTEGER],
    ];
    for (const [field, value] of fits) expect(problemWith(field, value), field).toBeNull();
  });

  it('names the path of a __proto__ or constructor key anywhere in the data, inside arrays too', () => {
    const data = { list: [{ ok: 1 }, withOwn({ deep: {} }, 'constructor', 1)] };
    expect(problemWith('data', data)).toEqual({
      field: 'data.list[1].constructor',
      message: 'the key "data.list[1].constructor" is refused (prototype pollution)',
    });
    expect(problemWith('data', { a: [[], { b: [null, 'x'] }] })).toBeNull();
  });

  it('describes a breach with the seq of the event when it has one', () => {
    const missing = { field: 'type', message: 'the field "type" is missing' };
    expect(describeEnvelopeProblem(missing, base())).toBe('seq 7: the field "type" is missing');
    expect(describeEnvelopeProblem(missing, { ...base(), seq: 'seven' })).toBe('the field "type" is missing');
    expect(describeEnvelopeProblem(missing, null)).toBe('the field "type" is missing');
  });
});
