import { isIP } from 'node:net';
import { AppError } from '../../errors.ts';

/**
 * Whether `url` names this machine only (localhost, 127.0.0.0/8, ::1, 0.0.0.0): printed on a
 * credential, such an address sends every reader's phone to itself.
 */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host === '0.0.0.0';
  if (isIP(host) === 6) return host === '::1' || host === '::' || /^::ffff:127\./.test(host);
  return false;
}

/** What the issuing paths need to know about the printed address. */
export interface PrintedAddress {
  publicUrl: string;
  /** Demo mode: a loopback address is accepted (a trial on one machine). */
  demo: boolean;
}

/**
 * Refuses to issue outside demo mode while the address printed in the footer and QR code is a
 * loopback one (OPENSEAL_PUBLIC_URL unset or local): those credentials could never be verified.
 */
export function assertPrintableAddress(address: PrintedAddress): void {
  if (!address.demo && isLoopbackUrl(address.publicUrl))
    throw new AppError('ERR_PUBLIC_URL_UNREACHABLE', `credentials would print ${address.publicUrl}`, [
      `OPENSEAL_PUBLIC_URL=${address.publicUrl}`,
    ]);
}
