import fc from 'fast-check';

// Generated envelopes and hostile values, for the tests that compare a reader's quick judgement with the whole
// envelope contract (postgresRowEvent.test.ts, quickEnvelope.test.ts).
export const text = fc.string({ unit: 'binary', maxLength: 8 });
const noForbiddenKey = (value: unknown) => !/"(__proto__|constructor)":/.test(JSON.stringify(value));
export const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
export const eventId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
export const envelope = fc.record(
  {
    id: eventId,
    stream: fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/),
    seq: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    // eslint-disable-next-line no-control-regex -- an event type holds no control character: the point of the range
    type: fc.oneof(fc.constantFrom('DocumentLinked', 'GateApproved'), fc.stringMatching(/^[^"\\\u0000-\u001f]{1,64}$/)),
    schema: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    workflow: fc.oneof(fc.constant('programme@1'), fc.stringMatching(/^[A-Za-z0-9._-]{1,12}@[1-9]\d{0,8}$/)),
    occurredAt: fc.constantFrom('2011-07-02', '2011-07-02T09:00Z', '2011-07-02T09:00:00.5+08:00'),
    recordedAt: fc
      .date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true })
      .map((d) => d.toISOString()),
    actor: fc.record({ id: text, role: text }),
    data: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).filter(noForbiddenKey),
    hash: hex,
    prev: hex,
    causationId: fc.option(eventId, { nil: undefined }),
    correlationId: fc.option(eventId, { nil: undefined }),
    sig: fc.option(fc.record({ keyId: text, alg: fc.constant('ed25519'), value: text }), { nil: undefined }),
  },
  {
    requiredKeys: [
      'id',
      'stream',
      'seq',
      'type',
      'schema',
      'workflow',
      'occurredAt',
      'recordedAt',
      'actor',
      'hash',
      'prev',
    ],
  },
);

export const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'x"y', '2011-13-45', 'programme', 'a@0', 0, -1, 1.5, 2 ** 53, null, [], {}),
  fc.constantFrom({ ['__proto__']: 1 }, { a: [{ constructor: 2 }] }, { id: 'a', role: 'b', constructor: 'c' }),
  fc.constantFrom({ keyId: 'k', alg: 'rsa', value: 'v' }, { id: 'a' }),
);
