import { sanitize } from './io.ts';

/**
 * Makes every process warning one plain line on stderr (README, "Command line"): `phasegate: <what happened>`,
 * without Node's `(node:PID) Warning:` prefix and `--trace-warnings` hint. Node's own default printing is replaced
 * (it is what `process.on('warning')` listeners cannot stop otherwise); `PHASEGATE_DEBUG` keeps the stack.
 */
export function plainWarnings(stderr: { write(text: string): unknown }): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error) => {
    const { message: text } = warning;
    const message = text.startsWith('phasegate') ? text : `phasegate: warning: ${text}`;
    stderr.write(`${sanitize(message)}\n`);
    if (process.env.PHASEGATE_DEBUG && warning.stack) stderr.write(`${warning.stack}\n`);
  });
}
