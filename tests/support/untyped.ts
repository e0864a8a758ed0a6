import type { Engine } from '../../src/index.ts';

/**
 * Returns the engine seen as untyped (`Engine`, proposals `unknown`): what a caller recording proposals read from a
 * file does. A typed engine widens to it without a cast; tests that send JSON fixtures, or bad input on purpose, use it.
 */
export function untyped(engine: Engine): Engine {
  return engine;
}
