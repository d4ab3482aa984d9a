import { Module, type Session, SessionFlag, UserType } from 'graphene-pk11';
import { PkiError } from '../errors.ts';

// C_Initialize and C_Finalize act on the whole process, so a library stays loaded while any signer
// opened from it is open. This is the one piece of module state here, and it mirrors the library's own.
const loaded = new Map<string, { module: Module; users: number }>();

export function acquire(library: string): Module {
  let entry = loaded.get(library);
  if (!entry) {
    const module = Module.load(library);
    module.initialize();
    entry = { module, users: 0 };
    loaded.set(library, entry);
  }
  entry.users++;
  return entry.module;
}

export function release(library: string): void {
  const entry = loaded.get(library);
  if (!entry) return;
  if (--entry.users === 0) {
    loaded.delete(library);
    entry.module.finalize();
  }
}

export function pkcs11Error(message: string, cause: unknown): PkiError {
  // The cause carries the token's CKR_ code; the PIN never appears in either.
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new PkiError('ERR_PKCS11', `${message}${detail}`, { cause });
}

export function openSession(module: Module, tokenLabel: string, pin: string): Session {
  const slots = module.getSlots(true);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    if (slot.getToken().label.trim() !== tokenLabel) continue;
    // Read-write: key generation and destruction need it; signing does not mind.
    const session = slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
    try {
      session.login(pin, UserType.USER);
    } catch (e) {
      // Login is per application, not per session (PKCS#11 v2.40 5.6): a second signer finds it done.
      if (e instanceof Error && e.message.includes('CKR_USER_ALREADY_LOGGED_IN')) return session;
      session.close();
      throw pkcs11Error(`login to token "${tokenLabel}" failed`, e);
    }
    return session;
  }
  throw new PkiError('ERR_PKCS11', `no token labelled "${tokenLabel}"`);
}
