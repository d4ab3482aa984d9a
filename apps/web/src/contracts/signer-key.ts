// The signer's browser key: an ECDSA P-256 pair made by WebCrypto with a non-extractable private
// key, so no script (ours included) can ever read it out; IndexedDB keeps the CryptoKey objects
// themselves (structured clone), one pair per account signed in on this browser.

const DB_NAME = 'openseal-signer-keys';
const STORE = 'keys';

/** WebCrypto lives only in secure contexts (HTTPS, or localhost). */
export function browserCanSign(): boolean {
  return typeof globalThis.crypto?.subtle?.generateKey === 'function';
}

export function newSignerKey(subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<CryptoKeyPair> {
  return subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]) as Promise<CryptoKeyPair>;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb(): Promise<IDBDatabase> {
  const opening = indexedDB.open(DB_NAME, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

function isKeyPair(value: unknown): value is CryptoKeyPair {
  return (
    typeof value === 'object' &&
    value !== null &&
    'privateKey' in value &&
    'publicKey' in value &&
    value.privateKey instanceof CryptoKey &&
    value.publicKey instanceof CryptoKey
  );
}

/**
 * This browser's key for `username`, made and stored on first use. Where IndexedDB cannot be used
 * (some private windows), a key for this signature only: the server certifies each signature's key
 * anyway, so the contract is signed either way.
 */
export async function signerKey(username: string): Promise<CryptoKeyPair> {
  let db: IDBDatabase;
  try {
    db = await openDb();
  } catch {
    return newSignerKey();
  }
  try {
    const stored: unknown = await request(db.transaction(STORE).objectStore(STORE).get(username));
    if (isKeyPair(stored)) return stored;
    const keys = await newSignerKey();
    await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(keys, username));
    return keys;
  } finally {
    db.close();
  }
}
