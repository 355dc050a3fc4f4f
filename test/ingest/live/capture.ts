/** Captures everything written to the console and to stdout/stderr while `work` runs (secret-leak assertions). */
export async function captureLogs<T>(work: () => Promise<T>): Promise<{ result: T; logs: string }> {
  const lines: string[] = [];
  const originals = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const keep = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  Object.assign(console, { log: keep, warn: keep, error: keep, info: keep, debug: keep });
  process.stdout.write = ((chunk: unknown) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { result: await work(), logs: lines.join('\n') };
  } finally {
    Object.assign(console, originals);
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}
