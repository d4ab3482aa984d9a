import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  bindRecord,
  type CredentialTemplate,
  compileTemplate,
  type TemplateSchema,
} from '@openseal/templates';
import type { Plugin, Template } from '@pdfme/common';
import { generate } from '@pdfme/generator';
import { barcodes, image, line, multiVariableText, rectangle, table, text } from '@pdfme/schemas';
import { Value } from '@sinclair/typebox/value';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { type CredentialTypeDefinition, DEMO_CREDENTIAL_TYPES } from './credential-types.ts';
import { yuanUppercase } from './formatting.ts';
import {
  DEMO_RECORD_CODES,
  DEMO_STUDENT_USERNAME_RECORD,
  type DemoStaff,
  type DemoStudent,
  demoRecordFor,
  demoStaff,
  demoStudents,
} from './sample-people.ts';

const ISSUED = new Date('2026-11-20T02:00:00Z');
const require = createRequire(import.meta.url);
const fontFile = (path: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(readFileSync(require.resolve(`@expo-google-fonts/noto-serif-sc/${path}`)));
const FONT = {
  NotoSerifSC: { data: fontFile('400Regular/NotoSerifSC_400Regular.ttf'), fallback: true },
  'NotoSerifSC-Bold': { data: fontFile('700Bold/NotoSerifSC_700Bold.ttf') },
};

// pdfme knows nothing of our seal slots: the signing step stamps them later, so draw nothing.
const sealSlotPlugin: Plugin = {
  pdf: () => {},
  ui: () => {},
  propPanel: {
    schema: {},
    defaultSchema: { name: '', type: 'sealSlot', position: { x: 0, y: 0 }, width: 40, height: 40 },
  },
};
const PDFME_PLUGINS = {
  text,
  multiVariableText,
  table,
  image,
  line,
  rectangle,
  qrcode: barcodes.qrcode,
  sealSlot: sealSlotPlugin,
};

const [student] = demoStudents(1, 7) as [DemoStudent];
const staff = demoStaff(4, 7);
const activeStaff = staff[0] as DemoStaff;
const retiredStaff = staff.find((p) => p.retirementDate) as DemoStaff;

function personFor(type: CredentialTypeDefinition): DemoStudent | DemoStaff {
  if (type.audience === 'student') return student;
  return type.code === 'retirement-certificate-zh' ? retiredStaff : activeStaff;
}

function sampleRecord(type: CredentialTypeDefinition): Record<string, unknown> {
  return demoRecordFor(type.code, personFor(type), ISSUED);
}

/** The record as pdfme's generator takes it: strings, tables as JSON rows, variables as JSON. */
function pdfmeInput(template: CredentialTemplate, record: Record<string, unknown>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const schema of template.schemas.flat()) {
    if (schema.readOnly) continue;
    if (schema.type === 'table') {
      const rows = (record[schema.name] ?? []) as Record<string, unknown>[];
      input[schema.name] = JSON.stringify(
        rows.map((r) => (schema.columnKeys ?? []).map((k) => String(r[k]))),
      );
    } else if (schema.type === 'multiVariableText') {
      input[schema.name] = JSON.stringify(
        Object.fromEntries(schema.variables.map((v) => [v, String(record[v])])),
      );
    } else if (schema.type === 'text') {
      input[schema.name] = String(record[schema.name]);
    }
  }
  return input;
}

/** pdfme does not reserve the engine's verification footer: give it as extra bottom padding. */
function withFooterReserved(t: CredentialTemplate, footerMm: number): Template {
  const [top, right, bottom, left] = t.basePdf.padding;
  return {
    ...t,
    basePdf: { ...t.basePdf, padding: [top, right, bottom + footerMm, left] },
  } as unknown as Template;
}

async function pdfmeGenerate(t: CredentialTemplate, record: Record<string, unknown>): Promise<Uint8Array> {
  return generate({
    template: withFooterReserved(t, 24),
    inputs: [pdfmeInput(t, record)],
    plugins: PDFME_PLUGINS,
    options: { font: FONT },
  });
}

function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
}

function pageCount(pdf: Uint8Array): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

const squash = (s: string): string => s.replace(/\s+/g, '');

function heading(t: CredentialTemplate): string {
  const h = t.schemas.flat().find((s: TemplateSchema) => s.name === 'heading');
  if (!h?.content) throw new Error('template has no heading');
  return h.content;
}

function boundNames(t: CredentialTemplate): string[] {
  return t.schemas.flat().flatMap((s) => {
    if (s.readOnly || s.type === 'sealSlot') return [];
    return s.type === 'multiVariableText' ? s.variables : [s.name];
  });
}

describe('demo credential types', () => {
  it('covers the requested types with unique codes and the demo seals', () => {
    const codes = DEMO_CREDENTIAL_TYPES.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.sort()).toEqual([...DEMO_RECORD_CODES.student, ...DEMO_RECORD_CODES.staff].sort());
    for (const t of DEMO_CREDENTIAL_TYPES) {
      const slots = t.template.schemas.flat().filter((s) => s.type === 'sealSlot');
      expect(slots.map((s) => s.sealRole).sort(), t.code).toEqual(t.seals.map((s) => s.role).sort());
      expect(t.template.basePdf).toMatchObject({ width: 210, height: 297 });
      const fonts = t.template.schemas.flat().flatMap((s) => ('fontName' in s ? [s.fontName] : []));
      expect(new Set(fonts), t.code).toEqual(new Set(['NotoSerifSC', 'NotoSerifSC-Bold']));
    }
    const byCode = (c: string) => DEMO_CREDENTIAL_TYPES.find((t) => t.code === c);
    expect(byCode('income-certificate-zh')?.requiresApproval).toBe(true);
    expect(byCode('employment-certificate-zh')?.requiresApproval).toBe(true);
    expect(byCode('major-transcript-zh')?.requiresApproval).toBe(false);
    expect(byCode('enrollment-certificate-zh')?.requiresApproval).toBe(false);
    expect(byCode('graduate-transcript-zh')?.seals).toContainEqual({ role: 'counter', sealName: '示范大学' });
  });

  it('keeps every template above the verification footer', () => {
    for (const t of DEMO_CREDENTIAL_TYPES) {
      const { height, padding } = t.template.basePdf;
      const limit = height - padding[2] - 24;
      for (const s of t.template.schemas.flat()) {
        expect(s.position.y + s.height, `${t.code} ${s.name}`).toBeLessThanOrEqual(limit);
        expect(s.position.x + s.width, `${t.code} ${s.name}`).toBeLessThanOrEqual(210 - padding[1]);
      }
    }
  });

  it.each(DEMO_CREDENTIAL_TYPES.map((t) => [t.code, t] as const))(
    '%s: the sample record fits its schema',
    (_, t) => {
      const record = sampleRecord(t);
      expect([...Value.Errors(t.dataSchema, record)].map((e) => `${e.path} ${e.message}`)).toEqual([]);
      // The server checks saved schemas with Ajv (record-schema.ts): the same verdict there.
      const validate = new Ajv({ allErrors: true, strict: false }).compile(t.dataSchema);
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...record, name: '' })).toBe(false);
      // Every bound field of the template is a key of the record, but the issue date, which the
      // server prints at issue time in the school's time zone (issue-credential.ts).
      for (const name of boundNames(t.template)) {
        if (name !== 'issueDate') expect(Object.keys(record), `${t.code} ${name}`).toContain(name);
      }
    },
  );

  it('generates students, staff and the demo account deterministically', () => {
    expect(demoStudents(3, 42)).toEqual(demoStudents(3, 42));
    expect(demoStudents(3, 42)).not.toEqual(demoStudents(3, 43));
    const students = demoStudents(50);
    for (const s of students) {
      expect(s.courses).toHaveLength(40);
      expect(s.studentNo).toMatch(/^2023(03|07)\d{4}$/);
      expect(['计算机学院', '外国语学院']).toContain(s.college.zh);
      expect(s.gpa).toBeGreaterThan(0);
      expect(s.gpa).toBeLessThanOrEqual(4);
    }
    expect(new Set(students.map((s) => s.studentNo)).size).toBe(50);
    const demo = DEMO_STUDENT_USERNAME_RECORD;
    expect(demo.username).toBe('student');
    expect(demo.student).toMatchObject({ name: '示范学生', college: { zh: '计算机学院' } });
    const transcript = DEMO_CREDENTIAL_TYPES[0] as CredentialTypeDefinition;
    expect(Value.Check(transcript.dataSchema, demoRecordFor(transcript.code, demo.student, ISSUED))).toBe(
      true,
    );
    // The demo student carries one 学号 on every document that prints one.
    const numbers = DEMO_CREDENTIAL_TYPES.filter((t) => t.audience === 'student')
      .map((t) => demoRecordFor(t.code, demo.student, ISSUED).studentNo)
      .filter((n) => n !== undefined);
    expect(numbers.length).toBeGreaterThan(5);
    expect(new Set(numbers)).toEqual(new Set([demo.student.studentNo]));
    expect(() => demoRecordFor('retirement-certificate-zh', activeStaff, ISSUED)).toThrow(/has not retired/);
    expect(() => demoRecordFor('income-certificate-zh', student, ISSUED)).toThrow(/not issued to students/);
  });

  it('computes the GPA as the credit-weighted mean grade point', () => {
    const record = demoRecordFor('major-transcript-zh', student, ISSUED) as {
      courses: { credits: string; gradePoint: string }[];
      gpa: string;
    };
    const credits = record.courses.reduce((a, c) => a + Number(c.credits), 0);
    const points = record.courses.reduce((a, c) => a + Number(c.credits) * Number(c.gradePoint), 0);
    expect(record.gpa).toBe((Math.round((points / credits) * 100) / 100).toFixed(2));
  });

  it('writes amounts in capital numerals', () => {
    expect(yuanUppercase(12345.67)).toBe('壹万贰仟叁佰肆拾伍元陆角柒分');
    expect(yuanUppercase(10000)).toBe('壹万元整');
    expect(yuanUppercase(20005.5)).toBe('贰万零伍元伍角整');
    expect(yuanUppercase(16080.03)).toBe('壹万陆仟零捌拾元零叁分');
    expect(yuanUppercase(100100)).toBe('壹拾万零壹佰元整');
  });
});

describe('pdfme generator accepts every template', () => {
  it.each(DEMO_CREDENTIAL_TYPES.map((t) => [t.code, t] as const))('%s', async (_, t) => {
    const record = sampleRecord(t);
    const pdf = await pdfmeGenerate(t.template, record);
    const printed = squash(pdfText(pdf));
    expect(printed).toContain(squash(heading(t.template)));
    expect(printed).toContain(squash(String(record.name)));
    expect(pageCount(pdf), t.code).toBe(1);
  });

  it('puts 40 courses on one page and flows 70 onto a second', async () => {
    const t = DEMO_CREDENTIAL_TYPES.find((x) => x.code === 'major-transcript-zh') as CredentialTypeDefinition;
    const record = sampleRecord(t) as { courses: unknown[] };
    expect(record.courses).toHaveLength(40);
    expect(pageCount(await pdfmeGenerate(t.template, record))).toBe(1);
    const more = { ...record, courses: [...record.courses, ...record.courses.slice(0, 30)] };
    expect(pageCount(await pdfmeGenerate(t.template, more))).toBe(2);
  });
});

describe('our template engine renders every template', () => {
  const footer = {
    url: 'https://verify.demo.edu.cn',
    code: 'DEMO-2026-0001',
    qrText: 'https://verify.demo.edu.cn/v/DEMO-2026-0001',
  };

  it.each(DEMO_CREDENTIAL_TYPES.map((t) => [t.code, t] as const))('%s', (_, t) => {
    const record = sampleRecord(t);
    const doc = compileTemplate(t.template).render(bindRecord(t.template, record), footer);
    const printed = squash(pdfText(doc.pdf));
    expect(printed).toContain(squash(heading(t.template)));
    expect(printed).toContain(squash(String(record.name)));
    expect(doc.pageCount, t.code).toBe(1);
    expect(doc.sealSlots.map((s) => s.role).sort()).toEqual(t.seals.map((s) => s.role).sort());
  });

  it('puts the 40-course major transcript on exactly one page and flows longer ones on', () => {
    for (const code of ['major-transcript-zh', 'major-transcript-en']) {
      const t = DEMO_CREDENTIAL_TYPES.find((x) => x.code === code) as CredentialTypeDefinition;
      const record = sampleRecord(t) as { courses: unknown[] };
      expect(record.courses).toHaveLength(40);
      const compiled = compileTemplate(t.template);
      const one = compiled.render(bindRecord(t.template, record), footer);
      expect(one.pageCount, code).toBe(1);
      expect(pageCount(one.pdf)).toBe(1);
      const more = { ...record, courses: [...record.courses, ...record.courses.slice(0, 30)] };
      const two = compiled.render(bindRecord(t.template, more), footer);
      expect(two.pageCount, code).toBe(2);
      // The head repeats on the continuation page; the issuer's seal follows the table's end.
      const pages = pdfText(two.pdf).split('\f');
      expect(squash(pages[1] ?? '')).toContain(
        code.endsWith('zh') ? '课程学期学分成绩绩点' : 'CourseTermCreditsGradeGP',
      );
      expect(two.sealSlots).toMatchObject([{ role: 'issuer', page: 2 }]);
    }
  });
});
