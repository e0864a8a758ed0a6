import { InvalidInputError } from '../errors.ts';
import { utf8Length } from '../platform/runtime.ts';
import { defaultLimits, type InputLimits } from './limits.ts';
import { parseUntrustedJson } from './parse.ts';

/** Parses proposals as their text arrives: {@link ProposalParser.push} each piece, then {@link ProposalParser.end}. */
export type ProposalParser = {
  /** Takes the next piece of text. Throws {@link InvalidInputError} as soon as the input breaks a limit. */
  push(text: string): void;
  /** Returns every proposal; throws {@link InvalidInputError} for an empty input or a malformed last proposal. */
  end(): unknown[];
};

/**
 * Returns a parser for text that is either one JSON object (possibly pretty-printed) or NDJSON (one object per
 * line), fed in pieces of any size. Blank lines, a leading BOM and CRLF line ends are accepted; errors name the line.
 * It holds one line at a time besides the proposals parsed so far, and stops at the first proposal past
 * `maxBatchEvents` or the first line (or pretty-printed object) past `maxEventBytes`, so an endless input is refused
 * early, in flat memory (README, "Command line").
 */
export function createProposalParser(limits: InputLimits = defaultLimits, source = 'input'): ProposalParser {
  const values: unknown[] = [];
  let started = false; // a BOM is looked for once, at the very start
  let partial: string[] = []; // the pieces of the line not ended yet
  let partialBytes = 0;
  let lineNo = 0; // lines completed so far
  let mode: 'lines' | 'document' | 'unknown' = 'unknown';
  let documentLines = 0; // non-blank lines of a pretty-printed object
  let document: string[] = [];
  let documentBytes = 0;

  let firstLine = 0; // where a pretty-printed object starts
  const tooLong = (): never => {
    throw new InvalidInputError(
      `${source} line ${lineNo + 1}: over the limit of ${limits.maxEventBytes} bytes per event ` +
        `(${partialBytes} bytes read without a line end); split it or trim the payload`,
    );
  };
  const parseLine = (content: string, at: number): void => {
    if (values.length >= limits.maxBatchEvents) {
      throw new InvalidInputError(
        `${source}: more than ${limits.maxBatchEvents} proposals in one batch; ` +
          'split the file into batches (one recordBatch call each)',
      );
    }
    values.push(parseUntrustedJson(content, limits, `${source} line ${at}`));
  };
  const line = (raw: string): void => {
    lineNo += 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (mode === 'document') {
      documentBytes += utf8Length(raw) + 1;
      if (documentBytes > limits.maxEventBytes + 1) {
        throw new InvalidInputError(
          `${source}: the object is over the limit of ${limits.maxEventBytes} bytes per event; ` +
            'split it or trim the payload',
        );
      }
      document.push(raw);
      if (content.trim() !== '') documentLines += 1;
      return;
    }
    if (content.trim() === '') return;
    if (mode === 'unknown') {
      const trimmed = content.trim();
      if (trimmed.startsWith('{') && !trimmed.endsWith('}')) {
        // The first line opens an object it does not close: one pretty-printed object (unless it is the only line).
        mode = 'document';
        document = [raw];
        documentBytes = utf8Length(raw) + 1;
        documentLines = 1;
        firstLine = lineNo;
        return;
      }
      mode = 'lines';
    }
    parseLine(content, lineNo);
  };

  return {
    push(text) {
      let rest = text;
      if (!started && rest.length > 0) {
        started = true;
        if (rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
      }
      let from = 0;
      for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n', from)) {
        partial.push(rest.slice(from, end));
        const whole = partial.join('');
        partial = [];
        partialBytes = 0;
        line(whole);
        from = end + 1;
      }
      if (from < rest.length) {
        const piece = rest.slice(from);
        partial.push(piece);
        partialBytes += utf8Length(piece);
        // One byte of slack for the CR of a CRLF line end; a longer line can never be a proposal.
        if (partialBytes > limits.maxEventBytes + 1) tooLong();
      }
    },
    end() {
      if (partial.length > 0) {
        const last = partial.join('');
        partial = [];
        line(last);
      }
      if (mode === 'document') {
        if (documentLines > 1) return [parseUntrustedJson(document.join('\n').trim(), limits, source)];
        parseLine(document.join('\n').trim(), firstLine);
      }
      if (values.length === 0) throw new InvalidInputError(`${source}: no proposals found (empty input)`);
      return values;
    },
  };
}
