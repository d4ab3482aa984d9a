import { describe, expect, it } from 'vitest';
import { parseDer, Tag } from '../asn1/der.ts';
import { type DistinguishedName, encodeName, formatName, parseName } from './name.ts';

const seal: DistinguishedName = [
  { type: 'C', value: 'CN' },
  { type: 'O', value: '示范大学 / Demo University' },
  { type: 'OU', value: '教务处' },
  { type: 'CN', value: '示范大学公章' },
  { type: 'serialNumber', value: '12100000400000000X' },
  { type: 'organizationIdentifier', value: 'NTRCN-12100000400000000X' },
  { type: 'emailAddress', value: 'seal@demo.edu.cn' },
  { type: '2.5.4.42', value: '张' }, // givenName, no short name
];

describe('names', () => {
  it('round-trips Chinese and unknown attribute types through DER', () => {
    expect(parseName(parseDer(encodeName(seal)))).toEqual(seal);
  });

  it('uses PrintableString for C and serialNumber, IA5String for e-mail, UTF8String otherwise', () => {
    const der = Buffer.from(encodeName(seal));
    // C: SET { SEQUENCE { OID 2.5.4.6, PrintableString "CN" } }
    expect(der.includes(Buffer.from('0603550406130243 4e'.replace(/ /g, ''), 'hex'))).toBe(true);
    const cn = Buffer.from('示范大学公章');
    expect(der.includes(Buffer.concat([Buffer.of(Tag.UTF8_STRING, cn.length), cn]))).toBe(true);
    expect(
      der.includes(Buffer.concat([Buffer.of(Tag.IA5_STRING, 16), Buffer.from('seal@demo.edu.cn')])),
    ).toBe(true);
  });

  it('formats RFC 4514 style, last RDN first, escaping specials', () => {
    expect(formatName(seal.slice(0, 4).filter((a) => a.type !== 'OU'))).toBe(
      'CN=示范大学公章, O=示范大学 / Demo University, C=CN',
    );
    expect(formatName([{ type: 'CN', value: '#a, b+c ' }])).toBe('CN=\\#a\\, b\\+c\\ ');
  });

  it('rejects values that do not fit their string type and unknown short names', () => {
    const bad = (dn: DistinguishedName) => () => encodeName(dn);
    const invalid = expect.objectContaining({ code: 'ERR_CERT_INVALID' });
    expect(bad([{ type: 'C', value: '中国' }])).toThrow(invalid);
    expect(bad([{ type: 'emailAddress', value: '张@demo.cn' }])).toThrow(invalid);
    expect(bad([{ type: 'GN', value: 'x' }])).toThrow(invalid);
    expect(bad([{ type: 'constructor', value: 'x' }])).toThrow(invalid);
  });

  it('fails closed on malformed DER', () => {
    expect(() => parseName(parseDer(Uint8Array.of(0x30, 0x03, 0x31, 0x01, 0x30)))).toThrow(
      expect.objectContaining({ code: 'ERR_ASN1_MALFORMED' }),
    );
  });
});
