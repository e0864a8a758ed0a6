import { describeEnvelopeProblem, envelopeProblem } from '../envelope/contract.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { brokenLink } from './assertChain.ts';
import type { StreamHead } from './eventStore.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Returns the event a complete JSONL line holds (`bytes` without its `\n`), or the reason it is malformed: empty, a
 * byte-order mark, a CR before the LF, bytes that are not UTF-8, text that is not JSON, or not an envelope
 * (the envelope contract, `envelope/contract.ts`). Pure.
 */
export function parseJsonlLine(bytes: Buffer, atFileStart: boolean): RecordedEvent | string {
  if (bytes.length === 0) return 'is empty';
  if (atFileStart && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return 'starts with a byte-order mark (phasegate writes UTF-8 without one)';
  }
  if (bytes[bytes.length - 1] === 0x0d) return 'ends in CR LF (phasegate writes LF only)';
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return 'is not valid UTF-8';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${(error as Error).message})`;
  }
  const problem = envelopeProblem(value);
  if (problem === null) return value as RecordedEvent;
  return `is not an event envelope (${describeEnvelopeProblem(problem, value)})`;
}

/**
 * Returns why `event` cannot follow `head` in its stream (seq not next, `prev` not the head's hash, or an id seen
 * before), or null when it continues the stream. Pure.
 */
export function continuationProblem(
  event: RecordedEvent,
  head: StreamHead | undefined,
  idSeen: boolean,
): string | null {
  const broken = brokenLink(event, head);
  if (broken === 'seq') return `has seq ${event.seq} in stream "${event.stream}", expected ${(head?.seq ?? 0) + 1}`;
  if (broken === 'prev') return `(stream "${event.stream}" seq ${event.seq}) does not continue the hash chain`;
  if (idSeen) return `repeats the event id "${event.id}"`;
  return null;
}
