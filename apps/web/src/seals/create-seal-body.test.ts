import { describe, expect, it } from 'vitest';
import { type CreateSealForm, createSealBody, sealSpecOf } from './create-seal-body.ts';

const base: CreateSealForm = {
  name: ' 示范大学 公章 ',
  type: 'official',
  ownerUnitId: 'u1',
  appearance: 'round',
  orgName: '示范大学',
  sealName: '',
  code: ' 1101 ',
};

describe('createSealBody', () => {
  it('sends a drawn seal with a generated software key by default, dropping blank texts', () => {
    expect(createSealBody(base, {})).toEqual({
      name: '示范大学 公章',
      type: 'official',
      ownerUnitId: 'u1',
      spec: { kind: 'round', orgName: '示范大学', code: '1101' },
      key: { source: 'generate', store: 'software', algorithm: 'ecdsa-p256' },
    });
  });

  it('sends an SM2 or dual key when chosen, and ECDSA whenever the key is made in the HSM', () => {
    expect(createSealBody({ ...base, algorithm: 'sm2' }, {}).key).toEqual({
      source: 'generate',
      store: 'software',
      algorithm: 'sm2',
    });
    expect(createSealBody({ ...base, algorithm: 'dual' }, {}).key).toEqual({
      source: 'generate',
      store: 'software',
      algorithm: 'dual',
    });
    expect(createSealBody({ ...base, algorithm: 'dual', keySource: 'pkcs11' }, {}).key).toEqual({
      source: 'generate',
      store: 'pkcs11',
      algorithm: 'ecdsa-p256',
    });
    expect(createSealBody({ ...base, algorithm: 'sm2', keySource: 'pkcs11' }, {}).key).toEqual({
      source: 'generate',
      store: 'pkcs11',
      algorithm: 'ecdsa-p256',
    });
  });

  it('sends an image seal with its upload and only the image fields', () => {
    const image = { uploadId: 'u-png' };
    const body = createSealBody(
      { ...base, appearance: 'image', widthMm: 38, keySource: 'pkcs11' },
      { image },
    );
    expect(body.spec).toEqual({ kind: 'image', widthMm: 38 });
    expect(body.image).toEqual(image);
    expect(body.key).toEqual({ source: 'generate', store: 'pkcs11', algorithm: 'ecdsa-p256' });
  });

  it('never sends an image for a drawn seal', () => {
    const image = { uploadId: 'u-png' };
    expect(createSealBody(base, { image }).image).toBeUndefined();
  });

  it('imports a PKCS#12 file with its password', () => {
    const body = createSealBody(
      { ...base, keySource: 'pkcs12', p12Password: 'pw' },
      { pkcs12: { uploadId: 'u-p12' } },
    );
    expect(body.key).toEqual({ source: 'pkcs12', uploadId: 'u-p12', password: 'pw' });
  });

  it('sends no key for a physical seal', () => {
    const body = createSealBody(
      {
        ...base,
        appearance: 'square',
        personName: '张三',
        suffix: '之印',
        physical: true,
        keySource: 'pkcs12',
      },
      { pkcs12: { uploadId: 'u-p12' } },
    );
    expect(body.physical).toBe(true);
    expect(body.key).toBeUndefined();
    expect(body.spec).toEqual({ kind: 'square', personName: '张三', suffix: '之印' });
  });

  it('sketches a half-filled form without failing', () => {
    expect(sealSpecOf({ appearance: 'round' })).toEqual({ kind: 'round', orgName: '' });
    expect(sealSpecOf({ appearance: 'square', personName: '李四' })).toEqual({
      kind: 'square',
      personName: '李四',
    });
  });
});
