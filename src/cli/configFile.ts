import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// Where the command line's workflows are named (README, "Command line"), apart from loading them
// (workflowModules.ts): a command that never uses them looks only for this file (main.ts).

/** The config file names looked for, in each directory from the working directory up, in this order. */
export const configFileNames = ['phasegate.config.js', 'phasegate.config.mjs', 'phasegate.config.json'] as const;

/** Returns the nearest config file from `cwd` up to the filesystem root, or null. */
export function findConfig(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of configFileNames) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
    if (dirname(dir) === dir) return null;
  }
}
