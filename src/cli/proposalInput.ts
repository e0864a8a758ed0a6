import { createReadStream } from 'node:fs';
import { createProposalParser } from '../envelope/proposalStream.ts';
import { UsageError } from '../errors.ts';
import type { CliIo } from './io.ts';

/**
 * Reads and parses the proposals of a file, or of standard input for `-` or no name, as the text streams in: the
 * batch limit and the per-line limit stop the reading early (exit 2), so `yes '{}' | phasegate record ...` is
 * refused in flat memory instead of being read to the end (README, "Command line").
 */
export async function readProposals(io: CliIo, file: string | undefined): Promise<unknown[]> {
  const stdin = file === undefined || file === '-';
  const parser = createProposalParser(undefined, stdin ? 'stdin' : file);
  const pieces = stdin ? stdinPieces(io) : filePieces(file);
  // Leaving the loop early (a limit broken) returns the iterator, which stops and closes the stream.
  for await (const piece of pieces) parser.push(piece);
  return parser.end();
}

function stdinPieces(io: CliIo): AsyncIterable<string> {
  if (io.readStdinPieces !== undefined) return io.readStdinPieces();
  return (async function* () {
    yield await io.readStdin();
  })();
}

async function* filePieces(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const piece of stream) yield piece as string;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new UsageError(`Cannot read "${path}": ${code}`, { cause: error });
  } finally {
    stream.destroy();
  }
}
