import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, StoreNotFoundError } from '../errors.ts';
import { syncDirectory } from './jsonlFile.ts';

/**
 * Opens a JSONL store's file and returns its descriptor: read-only, or read-write (creating the file, and making its
 * directory entry durable, unless `create` is false). Throws {@link StoreNotFoundError} for a missing file that is
 * not to be created, {@link StoreError} naming the path when it cannot be opened.
 */
export function openJsonlFile(path: string, options: { readonly create: boolean; readonly readOnly: boolean }): number {
  try {
    if (!existsSync(path)) {
      if (!options.create || options.readOnly) {
        throw new StoreNotFoundError(
          `There is no store at "${path}". Check the path, or open it with { create: true } to create one.`,
        );
      }
      closeSync(openSync(path, 'a'));
      syncDirectory(dirname(path));
    }
    return openSync(path, options.readOnly ? 'r' : 'r+');
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Cannot open "${path}" as a JSONL store: ${(error as Error).message}. Check the path and its permissions.`,
      { cause: error },
    );
  }
}
