// SM2 primitives on one core: signatures over SM3 with the standard user ID (the PKI's software signer)
// and their verification, beside ECDSA P-256 in the same process as a yardstick for machine load.
import { generateKeyPair, softwareSigner, verifySignature } from '@openseal/pki';
import { opsPerSecond, report } from './measure.ts';

export async function benchSm2Primitives(seconds: number): Promise<void> {
  const data = new TextEncoder().encode(
    'signed attributes stand-in: about a hundred bytes of DER to sign'.repeat(2),
  );
  for (const alg of ['sm2', 'ecdsa-p256'] as const) {
    const keys = generateKeyPair(alg);
    const signer = softwareSigner(keys.privateKey);
    const algOid = alg === 'sm2' ? '1.2.156.10197.1.501' : '1.2.840.10045.4.3.2';
    const signature = await signer.sign(data);
    report(`${alg} sign`, await opsPerSecond(() => signer.sign(data), { seconds }), 'signs/s');
    const verify = async () => {
      if (!verifySignature(algOid, keys.publicKey, data, signature)) throw new Error(`${alg} verify failed`);
    };
    report(`${alg} verify`, await opsPerSecond(verify, { seconds }), 'verifies/s');
  }
}
