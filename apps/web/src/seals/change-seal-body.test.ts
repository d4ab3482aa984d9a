import type { Seal } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { changeSealFormOf, changeSealPayload, sameSpec } from './change-seal-body.ts';

const seal: Pick<Seal, 'id' | 'name' | 'ownerUnitId' | 'spec'> = {
  id: 's1',
  name: '示范大学教务处成绩专用章',
  ownerUnitId: 'jwc',
  spec: { kind: 'round', orgName: '示范大学教务处', sealName: '成绩专用章' },
};
const unchanged = { ...changeSealFormOf(seal), reason: ' 机构更名 ' };

describe('changeSealPayload', () => {
  it('sends nothing when the form still holds the seal as it is', () => {
    expect(changeSealPayload(seal, unchanged, undefined)).toBeNull();
    // Blank and absent texts draw the same picture.
    expect(
      changeSealPayload(seal, { ...unchanged, code: '  ', name: ` ${seal.name} ` }, undefined),
    ).toBeNull();
  });

  it('sends only the changed name, with the trimmed reason', () => {
    expect(
      changeSealPayload(seal, { ...unchanged, name: ' 示范大学教务处成绩与学籍专用章 ' }, undefined),
    ).toEqual({
      sealId: 's1',
      reason: '机构更名',
      name: '示范大学教务处成绩与学籍专用章',
    });
  });

  it('sends a redrawn picture as its whole spec, and a move to another unit', () => {
    expect(
      changeSealPayload(seal, { ...unchanged, appearance: 'oval', ownerUnitId: 'xsc' }, undefined),
    ).toEqual({
      sealId: 's1',
      reason: '机构更名',
      ownerUnitId: 'xsc',
      spec: { kind: 'oval', orgName: '示范大学教务处', sealName: '成绩专用章' },
    });
  });

  it('sends an uploaded image with its spec, and keeps a stored image when only the name changes', () => {
    const image = { uploadId: 'u-png' };
    expect(changeSealPayload(seal, { ...unchanged, appearance: 'image', widthMm: 38 }, image)).toEqual({
      sealId: 's1',
      reason: '机构更名',
      spec: { kind: 'image', widthMm: 38 },
      image,
    });
    const imageSeal = { ...seal, spec: { kind: 'image' as const, widthMm: 40 } };
    const form = { ...changeSealFormOf(imageSeal), reason: '更名', name: '新章' };
    expect(form.appearance).toBe('image');
    expect(changeSealPayload(imageSeal, form, undefined)).toEqual({
      sealId: 's1',
      reason: '更名',
      name: '新章',
    });
  });

  it('ignores a picked image once the form is back to a drawn picture', () => {
    const image = { uploadId: 'u-png' };
    expect(changeSealPayload(seal, unchanged, image)).toBeNull();
  });
});

describe('sameSpec', () => {
  it('tells drawn pictures apart by kind and text', () => {
    expect(sameSpec(seal.spec, { kind: 'round', orgName: '示范大学教务处', sealName: '成绩专用章' })).toBe(
      true,
    );
    expect(sameSpec(seal.spec, { kind: 'round', orgName: '示范大学教务处' })).toBe(false);
    expect(
      sameSpec({ kind: 'square', personName: '张三' }, { kind: 'square', personName: '张三', suffix: '' }),
    ).toBe(true);
  });
});
