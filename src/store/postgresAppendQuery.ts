import type pg from 'pg';
import { arraySize, writeArray, type ArrayParameter } from './postgresBinary.ts';
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

/** The Bind message of the unnamed portal for statement `name` with `values`, text results, then Execute and Sync. */
function bindExecuteSync(name: string, values: readonly Parameter[]): Buffer {
  const count = values.length;
  let size = 1 + 4 + 1 + Buffer.byteLength(name) + 1 + 2 + 2 * count + 2 + 2;
  for (const value of values) {
    size += 4;
    if (typeof value === 'string') size += Buffer.byteLength(value);
    else if (value !== null) size += arraySize(value);
  }
  const buffer = Buffer.allocUnsafe(size + executeSync.length);
  buffer[0] = 0x42; // 'B'
  buffer.writeInt32BE(size - 1, 1);
  buffer[5] = 0; // the unnamed portal
  let at = 6 + buffer.write(name, 6);
  buffer[at++] = 0;
  at = buffer.writeInt16BE(count, at);
  for (const value of values) at = buffer.writeInt16BE(value === null || typeof value === 'string' ? 0 : 1, at);
  at = buffer.writeInt16BE(count, at);
  for (const value of values) {
    if (value === null) at = buffer.writeInt32BE(-1, at);
    else if (typeof value === 'string') {
      const length = buffer.write(value, at + 4);
      buffer.writeInt32BE(length, at);
      at += 4 + length;
    } else {
      const end = writeArray(buffer, at + 4, value);
      buffer.writeInt32BE(end - at - 4, at);
      at = end;
    }
  }
  at = buffer.writeInt16BE(0, at); // no result format codes: every column as text
  executeSync.copy(buffer, at);
  return buffer;
}
