import { main } from '../../src/cli/main.ts';

/** What a CLI run printed and its exit code. */
export type CliRun = { readonly code: number; readonly stdout: string; readonly stderr: string };

/** Returns the exit code and output of `phasegate <argv>`, run in this process with captured output and empty stdin. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
