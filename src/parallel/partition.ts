/**
 * How a JSONL log's streams are shared out among worker threads: by a hash of their names, which every worker
 * computes for every line. (A store's streams are claimed as threads become free: claims.ts.)
 */

/** `,"stream":"` in UTF-8. */
const streamKey = Buffer.from(',"stream":"');

/**
 * Returns the stream a stored JSONL line names, read without parsing it: the value of the last `,"stream":"` in the
 * line. In an event's canonical line the top-level `stream` follows `data` (keys in order), and a quote inside a
 * string is escaped, so the last one is the envelope's. Null when there is none. For a damaged line the answer may
 * be wrong: the worker checks it against the parsed line, and any doubt sends the log to one thread.
 */
export function lineStream(bytes: Buffer): string | null {
  const at = bytes.lastIndexOf(streamKey);
  if (at < 0) return null;
  const start = at + streamKey.length;
  const end = bytes.indexOf(34, start);
  return end < 0 ? null : bytes.toString('utf8', start, end);
}

/** Returns which of `parts` workers owns `stream` (FNV-1a of its UTF-16 code units). Null goes to worker 0. */
export function ownerOf(stream: string | null, parts: number): number {
  if (stream === null || parts <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) hash = Math.imul(hash ^ stream.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % parts;
}
