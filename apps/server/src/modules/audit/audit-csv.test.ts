import { describe, expect, it } from 'vitest';
import { auditCsvHeader, auditCsvRow, csvField } from './audit-csv.ts';

describe('audit CSV', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('defuses values a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2')).toBe("'-2");
  });

  it('writes one line per entry under a header', () => {
    const hash = 'a'.repeat(64);
    const row = auditCsvRow({
      seq: 7,
      time: '2026-12-06T23:30:00.000Z',
      actor: 'secadmin',
      role: 'security_admin',
      org: null,
      action: 'roles.grant',
      object: 'user:1',
      outcome: 'success',
      requestId: 'req-1',
      prevHash: hash,
      hash,
    });
    expect(auditCsvHeader()).toBe(
      'seq,time,actor,role,org,action,object,outcome,requestId,prevHash,hash\r\n',
    );
    expect(row).toBe(
      `7,2026-12-06T23:30:00.000Z,secadmin,security_admin,,roles.grant,user:1,success,req-1,${hash},${hash}\r\n`,
    );
  });
});
