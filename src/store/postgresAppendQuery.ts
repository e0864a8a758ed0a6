import type pg from 'pg';
import { arrayUnits, MessageWriter, writeArray, type ArrayParameter } from './postgresBinary.ts';
import { submit, Submittable, type Connection } from './postgresSubmittable.ts';

/** A parameter: text (a string), an array sent in binary (postgresBinary.ts) or SQL NULL. */
export type Parameter = string | ArrayParameter | null;

/** Execute (unnamed portal, all rows) and Sync, the end of every append's message. */
const executeSync = Buffer.from([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);

/**
 * A prepared statement that returns one value (the first field of its first row, as text), sent as one buffer: the
 * Bind message with each parameter already in its wire format, Execute and Sync, in one socket write. A plain `pg`
 * query copies its config, serializes Bind through a growing writer, asks the server to describe the portal on every
 * execution and builds a result with a type parser per field; for the append's one round trip that was about a
 * quarter of its client CPU beyond the socket (docs/performance.md, "PostgreSQL appends and reads against Emmett").
 */
class ValueQuery extends Submittable<string | null> {
  private value: string | null = null;

  constructor(
    name: string,
    text: string,
    private readonly message: Buffer,
  ) {
    super(name, text);
  }

  protected send(connection: Connection, unparsed: boolean): Error | null {
    if (!connection.stream.writable) return new Error('Connection terminated: the socket is not writable');
    if (unparsed) this.parseOn(connection);
    connection.stream.write(this.message);
    return null;
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    this.value ??= message.fields[0] ?? null;
  }

  protected result(): string | null {
    return this.value;
  }
}

/**
 * Runs the prepared statement `name` (`text`) with `values` on `client` and returns the first field of its first row
 * as text, or null when it is NULL or no row came.
 */
export function queryValue(
  client: pg.PoolClient,
  name: string,
  text: string,
  values: readonly Parameter[],
): Promise<string | null> {
  return submit(client, new ValueQuery(name, text, bindExecuteSync(name, values)));
}

/**
 * The Bind message of the unnamed portal for statement `name` with `values`, text results, then Execute and Sync,
 * written in one pass (postgresBinary.ts `MessageWriter`).
 */
function bindExecuteSync(name: string, values: readonly Parameter[]): Buffer {
  const count = values.length;
  let units = 1 + 4 + 1 + name.length + 1 + 2 + 2 * count + 2 + 2 + executeSync.length;
  let longest = name.length;
  for (const value of values) {
    units += 4;
    if (typeof value === 'string') {
      units += value.length;
      if (value.length > longest) longest = value.length;
    } else if (value !== null) {
      const array = arrayUnits(value);
      units += array.units;
      if (array.longest > longest) longest = array.longest;
    }
  }
  const writer = new MessageWriter(units, longest);
  writer.byte(0x42); // 'B'
  writer.int32(0); // the message's length, written at the end
  writer.byte(0); // the unnamed portal
  writer.string(name);
  writer.byte(0);
  writer.int16(count);
  for (const value of values) writer.int16(value === null || typeof value === 'string' ? 0 : 1);
  writer.int16(count);
  for (const value of values) {
    if (value === null) writer.int32(-1);
    else if (typeof value === 'string') writer.lengthAndString(value);
    else {
      const at = writer.at;
      writer.int32(0);
      writeArray(writer, value);
      writer.int32At(writer.at - at - 4, at);
    }
  }
  writer.int16(0); // no result format codes: every column as text
  writer.int32At(writer.at - 1, 1);
  writer.copy(executeSync);
  return writer.bytes();
}
