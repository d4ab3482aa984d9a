import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bitString, type Der, integer, nullValue, oid, sequence, tlv, utf8String } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { ecdsaRawToDer } from '../keys/ecdsa-signature.ts';
import { parseCertificationRequest } from './certification-request.ts';
import { openssl, tempDir } from './openssl-cli.test-support.ts';

const code = (c: string) => expect.objectContaining({ code: c });
let dir: string;
beforeAll(() => {
  dir = tempDir('csr');
});

/** `openssl req` with a new key made by `newkey` options; returns the DER request. */
function opensslCsr(name: string, keyArgs: readonly string[], extra: readonly string[] = []): Uint8Array {
  const out = `${dir}/${name}.csr`;
  const r = openssl([
    'req',
    '-new',
    ...keyArgs,
    '-nodes',
    '-keyout',
    `${dir}/${name}.key`,
    '-subj',
    '/C=CN/O=Demo University/CN=Alice',
    '-outform',
    'DER',
    '-out',
    out,
    ...extra,
  ]);
  expect(r.status, r.stderr).toBe(0);
  return new Uint8Array(readFileSync(out));
}

const name = (cn: string): Der => sequence(tlv(0x31, sequence(oid(OID.commonName), utf8String(cn))));

/** CertificationRequestInfo with an empty attribute set, as a browser would build it. */
const requestInfo = (subject: Der, spki: Uint8Array): Der =>
  sequence(integer(0), subject, spki, tlv(0xa0, new Uint8Array(0)));

/** A request signed in WebCrypto by a non-extractable P-256 key, as a signer's browser makes it. */
async function webCryptoCsr(): Promise<{ der: Uint8Array; spki: Uint8Array }> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const info = requestInfo(name('张三 / Zhang San'), spki);
  const raw = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, info),
  );
  const der = sequence(info, sequence(oid(OID.ecdsaWithSHA256)), bitString(ecdsaRawToDer(raw, 'P-256')));
  return { der, spki };
}

describe('parseCertificationRequest', () => {
  it('reads a WebCrypto P-256 request: its key, subject and proof of possession', async () => {
    const { der, spki } = await webCryptoCsr();
    const req = parseCertificationRequest(der);
    expect(req.keyType).toBe('ec');
    expect(req.subject).toEqual([{ type: 'CN', value: '张三 / Zhang San' }]);
    expect(Buffer.from(req.subjectDer)).toEqual(Buffer.from(name('张三 / Zhang San')));
    expect(req.publicKey.export({ format: 'der', type: 'spki' })).toEqual(Buffer.from(spki));
  });

  it.each([
    ['P-256 with SHA-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], [], 'ec'],
    ['P-384 with SHA-384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], ['-sha384'], 'ec'],
    ['RSA 2048 with SHA-256', ['-newkey', 'rsa:2048'], ['-sha256'], 'rsa'],
  ] as const)('reads an openssl request of %s', (label, keyArgs, extra, keyType) => {
    const der = opensslCsr(label.replace(/\W+/g, '-'), keyArgs, extra);
    const req = parseCertificationRequest(der);
    expect(req.keyType).toBe(keyType);
    expect(req.subject.map((a) => a.value)).toEqual(['CN', 'Demo University', 'Alice']);
    const key = createPublicKey(readFileSync(`${dir}/${label.replace(/\W+/g, '-')}.key`));
    expect(req.publicKey.equals(key)).toBe(true);
  });

  it.each([
    ['RSA 1024', ['-newkey', 'rsa:1024'], ['-sha256'], /at least 2048 bits/],
    ['P-521', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'], ['-sha256'], /P-256 or P-384/],
    ['Ed25519', ['-newkey', 'ed25519'], [], /not accepted/],
    ['RSA with SHA-384', ['-newkey', 'rsa:2048'], ['-sha384'], /not accepted/],
    ['RSA-PSS', ['-newkey', 'rsa:2048'], ['-sha256', '-sigopt', 'rsa_padding_mode:pss'], /not accepted/],
  ] as const)('refuses a request of %s', (label, keyArgs, extra, message) => {
    const der = opensslCsr(label.replace(/\W+/g, '-'), keyArgs, extra);
    expect(() => parseCertificationRequest(der)).toThrow(code('ERR_CSR_INVALID'));
    expect(() => parseCertificationRequest(der)).toThrow(message);
  });

  it('refuses a flipped signature byte, another key signature, trailing bytes and bad DER', async () => {
    const { der } = await webCryptoCsr();
    const flipped = Uint8Array.from(der);
    flipped[flipped.length - 5]! ^= 0x01;
    expect(() => parseCertificationRequest(flipped)).toThrow(/does not verify/);

    // The same request signed by a key other than the one it names: no proof of possession.
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const mine = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = mine.publicKey.export({ format: 'der', type: 'spki' });
    const body = requestInfo(name('Mallory'), spki);
    const forged = sequence(
      body,
      sequence(oid(OID.ecdsaWithSHA256)),
      bitString(sign('sha256', body, other.privateKey)),
    );
    expect(() => parseCertificationRequest(forged)).toThrow(/does not verify/);
    const honest = sequence(
      body,
      sequence(oid(OID.ecdsaWithSHA256)),
      bitString(sign('sha256', body, mine.privateKey)),
    );
    expect(parseCertificationRequest(honest).keyType).toBe('ec');
    // ECDSA names no parameters (RFC 5758 3.2).
    const withNull = sequence(
      body,
      sequence(oid(OID.ecdsaWithSHA256), nullValue()),
      bitString(sign('sha256', body, mine.privateKey)),
    );
    expect(() => parseCertificationRequest(withNull)).toThrow(/parameters/);

    const bad = [
      Uint8Array.from([...honest, 0]),
      honest.subarray(0, honest.length - 1),
      new Uint8Array(0),
      Uint8Array.of(0x30, 0x80, 0, 0),
      new TextEncoder().encode('-----BEGIN CERTIFICATE REQUEST-----'),
      sequence(
        sequence(integer(1), name('v2'), spki, tlv(0xa0, new Uint8Array(0))),
        sequence(oid(OID.ecdsaWithSHA256)),
        bitString(Uint8Array.of(0)),
      ),
    ];
    for (const b of bad) expect(() => parseCertificationRequest(b)).toThrow(code('ERR_CSR_INVALID'));
  });
});
