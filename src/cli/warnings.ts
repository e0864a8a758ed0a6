import { sanitize } from './io.ts';

/**
 * Makes every process warning one plain line on stderr (README, "Command line"): `phasegate: <what happened>`,
 * without Node's `(node:PID) Warning:` prefix and `--trace-warnings` hint. Node's own default printing is replaced
 * (it is what `process.on('warning')` listeners cannot stop otherwise); `PHASEGATE_DEBUG` keeps the stack.
 */
export function plainWarnings(stderr: { write(text: string): unknown }): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error) => {
    const message = warning.message.startsWith('phasegate') ? warning.message : `phasegate: warning: ${warning.message}`;
    stderr.write(`${sanitize(message)}\n`);
    if (process.env.PHASEGATE_DEBUG && warning.stack) stderr.write(`${warning.stack}\n`);
  });
}
