import type { CredentialTemplate } from '@openseal/templates';
import type { TObject } from '@sinclair/typebox';
import {
  admissionLetterTemplate,
  cetScoreCertificateTemplate,
  employmentCertificateTemplate,
  enrollmentCertificateTemplate,
  incomeCertificateTemplate,
  retirementCertificateTemplate,
  studentStatusCertificateTemplate,
} from './certificate-templates.ts';
import {
  AdmissionRecord,
  CetScoreRecord,
  EmploymentRecord,
  EnrollmentRecord,
  GpaExplanationRecord,
  GraduateTranscriptRecord,
  IncomeRecord,
  MinorTranscriptRecord,
  RetirementRecord,
  StudentStatusRecord,
  TranscriptRecord,
} from './record-schemas.ts';
import {
  gpaExplanationTemplate,
  graduateTranscriptTemplate,
  majorTranscriptTemplate,
  minorTranscriptTemplate,
} from './transcript-templates.ts';

/** The demo's SM2 (国密) seal: made only when the server runs its SM2 hierarchy (seed-demo-seals.ts). */
export const DEMO_SM2_SEAL_NAME = '示范大学教务处证明专用章（国密）';

/** Seals the demo school holds (seed-demo-seals.ts), by the name a credential type asks for. */
export type DemoSealName = '示范大学教务处成绩专用章' | '示范大学' | typeof DEMO_SM2_SEAL_NAME;

export interface CredentialTypeDefinition {
  code: string;
  name: { zh: string; en: string };
  audience: 'student' | 'staff';
  language: 'zh' | 'en';
  template: CredentialTemplate;
  /** The record the document is issued from; its keys are the template's field names. */
  dataSchema: TObject;
  /** One seal per sealSlot of the template, matched by role. */
  seals: { role: 'issuer' | 'counter'; sealName: DemoSealName }[];
  requiresApproval: boolean;
  retentionYears: number;
}

const TRANSCRIPT_SEAL: CredentialTypeDefinition['seals'] = [
  { role: 'issuer', sealName: '示范大学教务处成绩专用章' },
];
const SCHOOL_SEAL: CredentialTypeDefinition['seals'] = [{ role: 'issuer', sealName: '示范大学' }];

// Retention: academic records are kept as long as the student file (30 years in the demo);
// short-lived proofs (enrollment, income, employment) for 5 years after issue.
export const DEMO_CREDENTIAL_TYPES: readonly CredentialTypeDefinition[] = [
  {
    code: 'major-transcript-zh',
    name: { zh: '主修成绩单（中文）', en: 'Major transcript (Chinese)' },
    audience: 'student',
    language: 'zh',
    template: majorTranscriptTemplate('zh'),
    dataSchema: TranscriptRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 30,
  },
  {
    code: 'major-transcript-en',
    name: { zh: '主修成绩单（英文）', en: 'Major transcript (English)' },
    audience: 'student',
    language: 'en',
    template: majorTranscriptTemplate('en'),
    dataSchema: TranscriptRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 30,
  },
  {
    code: 'minor-transcript-zh',
    name: { zh: '辅修成绩单', en: 'Minor transcript' },
    audience: 'student',
    language: 'zh',
    template: minorTranscriptTemplate(),
    dataSchema: MinorTranscriptRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 30,
  },
  {
    code: 'gpa-explanation-zh',
    name: { zh: '绩点换算说明（中文）', en: 'Grade point conversion (Chinese)' },
    audience: 'student',
    language: 'zh',
    template: gpaExplanationTemplate('zh'),
    dataSchema: GpaExplanationRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 10,
  },
  {
    code: 'gpa-explanation-en',
    name: { zh: '绩点换算说明（英文）', en: 'Grade point conversion (English)' },
    audience: 'student',
    language: 'en',
    template: gpaExplanationTemplate('en'),
    dataSchema: GpaExplanationRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 10,
  },
  {
    code: 'enrollment-certificate-zh',
    name: { zh: '在读证明（中文）', en: 'Certificate of enrollment (Chinese)' },
    audience: 'student',
    language: 'zh',
    template: enrollmentCertificateTemplate('zh'),
    dataSchema: EnrollmentRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 5,
  },
  {
    code: 'enrollment-certificate-en',
    name: { zh: '在读证明（英文）', en: 'Certificate of enrollment (English)' },
    audience: 'student',
    language: 'en',
    template: enrollmentCertificateTemplate('en'),
    dataSchema: EnrollmentRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 5,
  },
  {
    // The same certificate sealed SM2/SM3 (国密), for readers who verify with GM tools.
    code: 'enrollment-certificate-sm2-zh',
    name: { zh: '在读证明（中文，国密）', en: 'Certificate of enrollment (Chinese, SM2)' },
    audience: 'student',
    language: 'zh',
    template: enrollmentCertificateTemplate('zh'),
    dataSchema: EnrollmentRecord,
    seals: [{ role: 'issuer', sealName: DEMO_SM2_SEAL_NAME }],
    requiresApproval: false,
    retentionYears: 5,
  },
  {
    code: 'student-status-certificate-zh',
    name: { zh: '学籍证明', en: 'Certificate of student status' },
    audience: 'student',
    language: 'zh',
    template: studentStatusCertificateTemplate(),
    dataSchema: StudentStatusRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 10,
  },
  {
    code: 'cet-score-certificate-zh',
    name: { zh: '大学英语四六级成绩证明', en: 'CET-4/6 score certificate' },
    audience: 'student',
    language: 'zh',
    template: cetScoreCertificateTemplate(),
    dataSchema: CetScoreRecord,
    seals: TRANSCRIPT_SEAL,
    requiresApproval: false,
    retentionYears: 10,
  },
  {
    code: 'graduate-transcript-zh',
    name: { zh: '研究生成绩单', en: 'Graduate transcript' },
    audience: 'student',
    language: 'zh',
    template: graduateTranscriptTemplate(),
    dataSchema: GraduateTranscriptRecord,
    // The archive counter-seal certifies that the transcript matches the student's file.
    seals: [...TRANSCRIPT_SEAL, { role: 'counter', sealName: '示范大学' }],
    requiresApproval: false,
    retentionYears: 30,
  },
  {
    code: 'admission-letter-zh',
    name: { zh: '录取通知书', en: 'Admission letter' },
    audience: 'student',
    language: 'zh',
    template: admissionLetterTemplate(),
    dataSchema: AdmissionRecord,
    seals: SCHOOL_SEAL,
    requiresApproval: true,
    retentionYears: 30,
  },
  {
    code: 'employment-certificate-zh',
    name: { zh: '在职证明', en: 'Certificate of employment' },
    audience: 'staff',
    language: 'zh',
    template: employmentCertificateTemplate(),
    dataSchema: EmploymentRecord,
    seals: SCHOOL_SEAL,
    requiresApproval: true,
    retentionYears: 5,
  },
  {
    code: 'income-certificate-zh',
    name: { zh: '收入证明', en: 'Certificate of income' },
    audience: 'staff',
    language: 'zh',
    template: incomeCertificateTemplate(),
    dataSchema: IncomeRecord,
    seals: SCHOOL_SEAL,
    requiresApproval: true,
    retentionYears: 5,
  },
  {
    code: 'retirement-certificate-zh',
    name: { zh: '退休证明', en: 'Certificate of retirement' },
    audience: 'staff',
    language: 'zh',
    template: retirementCertificateTemplate(),
    dataSchema: RetirementRecord,
    seals: SCHOOL_SEAL,
    requiresApproval: true,
    retentionYears: 30,
  },
];

export function findDemoCredentialType(code: string): CredentialTypeDefinition | undefined {
  return DEMO_CREDENTIAL_TYPES.find((t) => t.code === code);
}
