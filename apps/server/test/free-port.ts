// Ports for the test servers a test starts itself (slapd, Exim): one that is free now, and the wait
// until the child listens on it.
import type { ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** A loopback port free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Waits up to 10 s until `child` (`name`) accepts connections on `port`; its `log` explains a failure. */
export async function waitForPort(
  name: string,
  port: number,
  child: ChildProcess,
  log: () => string = () => '',
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.end();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not start listening: ${log()}`);
}
