import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../errors.ts';

/** The office formats a request may carry, by extension, with the container their bytes must be. */
const FORMATS: Readonly<Record<string, 'ole2' | 'zip'>> = {
  doc: 'ole2',
  xls: 'ole2',
  docx: 'zip',
  xlsx: 'zip',
  odt: 'zip',
  ods: 'zip',
};

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Conversions at once: each LibreOffice process takes a core and a few hundred MB. */
const MAX_PARALLEL = 2;
const TIMEOUT_MS = 90_000;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Whether the file is an office document this converter takes (by extension and magic bytes). */
export function officeFormat(name: string, bytes: Uint8Array): string | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const container = FORMATS[ext];
  if (!container) return null;
  const magic = container === 'ole2' ? OLE2 : ZIP;
  return Buffer.from(bytes.subarray(0, magic.length)).equals(magic) ? ext : null;
}

/**
 * Converts a Word, Excel or OpenDocument file to PDF with LibreOffice headless (`soffice`, Debian
 * libreoffice-writer-nogui / -calc-nogui), in a private temp directory and profile, with a time
 * limit. Macros do not run: LibreOffice's default macro security refuses unsigned macros.
 */
export async function officeToPdf(bytes: Uint8Array, ext: string, soffice = 'soffice'): Promise<Uint8Array> {
  return slot(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openseal-convert-'));
    try {
      const input = join(dir, `document.${ext}`);
      await writeFile(input, bytes, { mode: 0o600 });
      await new Promise<void>((resolve, reject) => {
        execFile(
          soffice,
          [
            `-env:UserInstallation=file://${join(dir, 'profile')}`,
            '--headless',
            '--norestore',
            '--nologo',
            '--nolockcheck',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            input,
          ],
          { timeout: TIMEOUT_MS, killSignal: 'SIGKILL' },
          (error) => {
            if (!error) return resolve();
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
              return reject(
                new AppError('ERR_CONVERTER_UNAVAILABLE', 'LibreOffice (soffice) is not installed'),
              );
            }
            reject(
              new AppError(
                'ERR_REQUEST_FILE_INVALID',
                `LibreOffice could not convert the file: ${error.message.split('\n')[0]}`,
              ),
            );
          },
        );
      });
      try {
        return await readFile(join(dir, 'document.pdf'));
      } catch {
        throw new AppError('ERR_REQUEST_FILE_INVALID', 'LibreOffice produced no PDF for this file');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
