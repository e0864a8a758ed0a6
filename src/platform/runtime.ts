/**
 * What the core entry needs from its host, without importing a Node module: it bundles for the browser (README
 * "0.2: subpath entries"). Under Node these use `Buffer` and `process`; elsewhere portable equivalents.
 */
type BufferLike = { readonly byteLength: (text: string, encoding: 'utf8') => number };
type ProcessLike = { readonly emitWarning?: (message: string) => void };

const hostBuffer = (globalThis as { readonly Buffer?: BufferLike }).Buffer;

/** Returns the number of bytes of a string in UTF-8 (a lone surrogate counts 3, as U+FFFD). */
export function utf8Length(text: string): number {
  return hostBuffer === undefined ? utf8LengthPortable(text) : hostBuffer.byteLength(text, 'utf8');
}

/** The portable count {@link utf8Length} falls back to; exported for the test comparing it with Node's. @internal */
export function utf8LengthPortable(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Reports a warning: a Node process warning under Node, `console.warn` elsewhere. */
export function emitWarning(message: string): void {
  const host = (globalThis as { readonly process?: ProcessLike }).process;
  if (typeof host?.emitWarning === 'function') host.emitWarning(message);
  else console.warn(message);
}

/** Resolves after `ms` milliseconds (the timers every host has; no `node:timers/promises`). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
