// A real SMTP relay for browser tests: tests/interop/smtp_sink.py (Debian's python3-aiosmtpd) on a free
// loopback port (or a given one, for a server told of a relay that is not up yet), writing every mail it
// accepts to a temporary folder as JSON (headers decoded, text part).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ReceivedMail {
  mail_from: string;
  rcpt_tos: string[];
  headers: Record<string, string>;
  content_type: string;
  text: string;
  attachments: { filename: string; content_type: string; size: number }[];
}

export interface SmtpRelay {
  port: number;
  mails: () => ReceivedMail[];
  stop: () => Promise<void>;
}

/** A loopback port nothing listens on at this moment. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });
}

export async function startSmtpRelay(fixedPort?: number): Promise<SmtpRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'scsa-smtp-'));
  const port = fixedPort ?? (await freePort());
  const script = join(repoRoot, 'tests/interop/smtp_sink.py');
  const child: ChildProcess = spawn('/usr/bin/python3', [script, '--port', String(port), '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`smtp_sink.py did not start: ${out}`)), 15_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`smtp_sink.py exited with ${code} (python3-aiosmtpd installed?): ${out}`));
    });
  });
  return {
    port,
    mails: () =>
      existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReceivedMail)
        : [],
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((ok) => {
          child.once('exit', () => ok());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
