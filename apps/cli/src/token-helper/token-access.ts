// The helper's one way into the token: the PKCS#11 module stays loaded for the helper's lifetime, and
// each request gets a fresh session, logged in with the PIN and closed after. A UKey that is pulled
// out and plugged back in is simply found again on the next request.
import { Module, type Session, SessionFlag, type Slot, TokenFlag, UserType } from 'graphene-pk11';
import { TokenHelperError } from './token-helper-error.ts';

/** What the token says about itself (CK_TOKEN_INFO, blank padding removed). */
export interface TokenDescription {
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
}

export interface TokenAccessOptions {
  /** Path of the PKCS#11 module (.so / .dll). */
  library: string;
  /** CKA token label; without it the one initialised token plugged in. */
  tokenLabel?: string;
  pin: string;
}

export interface TokenAccess {
  /** Runs `work` in a session logged in as the user; the session is closed after, whatever happens. */
  use<T>(work: (session: Session, token: TokenDescription) => T): T;
  /**
   * Logs in again for the one operation just initialised on `session`, for keys with
   * CKA_ALWAYS_AUTHENTICATE (PKCS#11 v2.40 5.2, C_Login with CKU_CONTEXT_SPECIFIC).
   */
  loginForOperation(session: Session): void;
  close(): void;
}

/** The CKR_ name in a pkcs11js error message, e.g. CKR_PIN_INCORRECT. */
function ckr(cause: unknown): string | undefined {
  return cause instanceof Error ? /CKR_[A-Z_]+/.exec(cause.message)?.[0] : undefined;
}

/** Return values that mean the token went away (pulled out, or its session with it). */
const GONE = new Set([
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_TOKEN_NOT_RECOGNIZED',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
]);

/**
 * A token failure as the helper reports it: a token that went away is ERR_TOKEN_ABSENT, anything else
 * ERR_TOKEN_FAILED with the token's CKR_ name. Errors already classified pass through.
 */
export function tokenFailure(message: string, cause: unknown): TokenHelperError {
  if (cause instanceof TokenHelperError) return cause;
  const code = ckr(cause);
  if (code && GONE.has(code)) {
    return new TokenHelperError('ERR_TOKEN_ABSENT', `the UKey was removed (${code}): plug it in and retry`, {
      cause,
    });
  }
  return new TokenHelperError('ERR_TOKEN_FAILED', `${message}${code ? ` (${code})` : ''}`, { cause });
}

function describe(slot: Slot): TokenDescription {
  const token = slot.getToken();
  return {
    label: token.label.trim(),
    manufacturer: token.manufacturerID.trim(),
    model: token.model.trim(),
    serial: token.serialNumber.trim(),
  };
}

/** Slots holding an initialised token: SoftHSM and some readers also show an empty, uninitialised one. */
function presentTokens(module: Module): Slot[] {
  const slots = module.getSlots(true);
  const out: Slot[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    if (slot.getToken().flags & TokenFlag.TOKEN_INITIALIZED) out.push(slot);
  }
  return out;
}

function chooseSlot(module: Module, tokenLabel: string | undefined): Slot {
  const slots = presentTokens(module);
  const labels = slots.map((s) => JSON.stringify(describe(s).label)).join(', ');
  if (tokenLabel !== undefined) {
    const slot = slots.find((s) => describe(s).label === tokenLabel);
    if (slot) return slot;
    throw new TokenHelperError(
      'ERR_TOKEN_ABSENT',
      `no UKey labelled ${JSON.stringify(tokenLabel)} is plugged in` +
        (slots.length ? ` (plugged in: ${labels})` : ''),
    );
  }
  if (slots.length === 1) return slots[0]!;
  if (slots.length === 0) throw new TokenHelperError('ERR_TOKEN_ABSENT', 'no UKey is plugged in');
  throw new TokenHelperError(
    'ERR_TOKEN_AMBIGUOUS',
    `${slots.length} UKeys are plugged in (${labels}): start the helper with --token LABEL`,
  );
}

/** Loads the module (C_Initialize). Throws ERR_TOKEN_FAILED when it cannot be loaded. */
export function openTokenAccess(opts: TokenAccessOptions): TokenAccess {
  let module: Module;
  try {
    module = Module.load(opts.library);
    module.initialize();
  } catch (e) {
    throw tokenFailure(`cannot load the PKCS#11 module ${opts.library}`, e);
  }
  // A refused PIN is never tried again: each try counts towards the token locking itself for good.
  let pinRefusal: TokenHelperError | undefined;

  const login = (session: Session, userType: UserType) => {
    try {
      session.login(opts.pin, userType);
    } catch (e) {
      const code = ckr(e);
      // Login is per application, not per session (PKCS#11 v2.40 5.6).
      if (code === 'CKR_USER_ALREADY_LOGGED_IN') return;
      if (code === 'CKR_PIN_INCORRECT' || code === 'CKR_PIN_INVALID' || code === 'CKR_PIN_LEN_RANGE') {
        pinRefusal = new TokenHelperError(
          'ERR_TOKEN_PIN_INCORRECT',
          `the UKey refused the PIN (${code}); the helper will not try it again, so that the UKey does ` +
            'not lock: restart it with the right PIN',
          { cause: e },
        );
        throw pinRefusal;
      }
      if (code === 'CKR_PIN_LOCKED') {
        pinRefusal = new TokenHelperError(
          'ERR_TOKEN_PIN_LOCKED',
          'the UKey has locked its PIN after too many wrong tries: ask whoever issued it to unlock it',
          { cause: e },
        );
        throw pinRefusal;
      }
      throw tokenFailure('the UKey refused the login', e);
    }
  };

  return {
    use(work) {
      if (pinRefusal) throw pinRefusal;
      let session: Session;
      let token: TokenDescription;
      try {
        const slot = chooseSlot(module, opts.tokenLabel);
        token = describe(slot);
        // Read-write: key generation needs it.
        session = slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
      } catch (e) {
        throw tokenFailure('cannot open a session with the UKey', e);
      }
      try {
        login(session, UserType.USER);
        return work(session, token);
      } finally {
        try {
          // Closing the application's last session also logs it out (PKCS#11 v2.40 5.6).
          session.close();
        } catch {
          // A token pulled out mid-way has closed it already.
        }
      }
    },
    loginForOperation(session) {
      login(session, UserType.CONTEXT_SPECIFIC);
    },
    close() {
      module.finalize();
    },
  };
}
