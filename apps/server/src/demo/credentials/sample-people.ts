import { AppError } from '../../errors.ts';
import {
  ACADEMIC_TITLES,
  ADMIN_POSTS,
  type Bilingual,
  COLLEGES,
  type CourseEntry,
  type DemoCollege,
  GENERAL_COURSES,
  GIVEN_NAME_CHARS,
  GRADUATE_COURSES,
  PROVINCES,
  STAFF_DEPARTMENTS,
  SURNAMES,
} from './demo-catalog.ts';
import { dateEn, dateZh, monthEn, monthZh, yuan, yuanUppercase } from './formatting.ts';
import { gradePointAverage, gradePointFor, LEVEL_GRADES } from './grade-points.ts';
import type {
  AdmissionRecord,
  CetScoreRecord,
  CourseRow,
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
import { type SeededRandom, seededRandom, seedFromString } from './seeded-random.ts';

export type Gender = '男' | '女';

export interface DemoCourse {
  name: Bilingual;
  /** 1-based term since enrollment (1 = autumn of the enrollment year). */
  term: number;
  credits: number;
  /** Percentage score; for level-graded courses the score the level counts as. */
  score: number;
  levelGraded: boolean;
  gradePoint: number;
}

export interface DemoStudent {
  name: string;
  /** Pinyin as on passports: surname in capitals. */
  nameEn: string;
  gender: Gender;
  /** ISO date. */
  birthDate: string;
  studentNo: string;
  collegeUnitKey: DemoCollege['unitKey'];
  college: Bilingual;
  major: Bilingual;
  enrollmentYear: number;
  province: Bilingual;
  /** The 40 courses of the first six terms. */
  courses: DemoCourse[];
  totalCredits: number;
  gpa: number;
}

export interface DemoStaff {
  name: string;
  gender: Gender;
  birthDate: string;
  staffNo: string;
  department: string;
  post: string;
  title: string;
  hireDate: string;
  /** Gross monthly income in yuan (last twelve months' average). */
  monthlyIncome: number;
  /** ISO date for retired staff. */
  retirementDate?: string;
}

const DEFAULT_SEED = 20260901;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function randomDate(rng: SeededRandom, year: number): string {
  return `${year}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
}

function randomName(rng: SeededRandom, gender: Gender): { zh: string; en: string } {
  const [surname, surnamePinyin] = rng.pick(SURNAMES);
  const chars = GIVEN_NAME_CHARS[gender];
  const given = rng.next() < 0.7 ? [rng.pick(chars), rng.pick(chars)] : [rng.pick(chars)];
  const givenPinyin = given.map(([, p]) => p).join('');
  return {
    zh: surname + given.map(([c]) => c).join(''),
    en: `${surnamePinyin.toUpperCase()} ${givenPinyin.charAt(0).toUpperCase()}${givenPinyin.slice(1)}`,
  };
}

function takeCourses(rng: SeededRandom, entries: readonly CourseEntry[], ability: number): DemoCourse[] {
  return entries.map(([zh, en, credits, term, levelGraded = false]) => {
    const raw = Math.round(ability + rng.normal() * 6);
    const percentage = Math.min(99, Math.max(60, raw));
    const score = levelGraded
      ? (LEVEL_GRADES.find((l) => percentage >= l.score - 5)?.score ?? 65)
      : percentage;
    return { name: { zh, en }, term, credits, score, levelGraded, gradePoint: gradePointFor(score) };
  });
}

function makeStudent(rng: SeededRandom, index: number, college?: DemoCollege): DemoStudent {
  const c = college ?? rng.pick(COLLEGES);
  const major = rng.pick(c.majors);
  const gender: Gender = rng.next() < 0.5 ? '男' : '女';
  const name = randomName(rng, gender);
  // The 2023 cohort: six terms of results by the demo's 2026–27 school year, still studying.
  const enrollmentYear = 2023;
  const ability = 72 + rng.next() * 20;
  const courses = takeCourses(rng, [...GENERAL_COURSES, ...c.core, ...major.courses], ability).sort(
    (a, b) => a.term - b.term,
  );
  return {
    name: name.zh,
    nameEn: name.en,
    gender,
    birthDate: randomDate(rng, enrollmentYear - 18 - rng.int(0, 1)),
    // 学号: year of entry, college, sequence.
    studentNo: `${enrollmentYear}${c.code}${pad(index + 1, 4)}`,
    collegeUnitKey: c.unitKey,
    college: c.name,
    major: major.name,
    enrollmentYear,
    province: rng.pick(PROVINCES),
    courses,
    totalCredits: courses.reduce((sum, x) => sum + x.credits, 0),
    gpa: gradePointAverage(courses),
  };
}

/** `count` undergraduates, the same for the same seed. */
export function demoStudents(count: number, seed: number = DEFAULT_SEED): DemoStudent[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => makeStudent(rng, i));
}

/** `count` staff members; every fourth one has retired. */
export function demoStaff(count: number, seed: number = DEFAULT_SEED): DemoStaff[] {
  const rng = seededRandom(seed ^ 0x5eed);
  return Array.from({ length: count }, (_, i) => {
    const gender: Gender = rng.next() < 0.5 ? '男' : '女';
    const name = randomName(rng, gender).zh;
    const department = rng.pick(STAFF_DEPARTMENTS);
    const role = department.academic
      ? { post: '专任教师', ...rng.pick(ACADEMIC_TITLES) }
      : rng.pick(ADMIN_POSTS);
    const retired = i % 4 === 3;
    const birthYear = retired ? rng.int(1955, 1964) : rng.int(1970, 1995);
    const hireYear = birthYear + rng.int(24, 30);
    const retireAge = gender === '男' ? 60 : 55;
    const birthDate = randomDate(rng, birthYear);
    const post = department.academic ? role.post : `${department.name}${role.post}`;
    return {
      name,
      gender,
      birthDate,
      staffNo: `${hireYear}${pad(i + 1, 4)}`,
      department: department.name,
      post,
      title: role.title,
      hireDate: `${hireYear}-07-${pad(rng.int(1, 28), 2)}`,
      monthlyIncome: rng.int(role.income[0], role.income[1]) + rng.int(0, 99) / 100,
      ...(retired ? { retirementDate: `${birthYear + retireAge}${birthDate.slice(4)}` } : {}),
    };
  });
}

/** The demo account `student` (示范学生 of 计算机学院, seed-demo-school.ts) and its record. */
export const DEMO_STUDENT_USERNAME_RECORD: { readonly username: 'student'; readonly student: DemoStudent } = {
  username: 'student',
  student: (() => {
    const cs = COLLEGES.find((c) => c.unitKey === 'csCollege') as DemoCollege;
    const generated = makeStudent(seededRandom(DEFAULT_SEED + 1), 0, cs);
    return { ...generated, name: '示范学生', nameEn: 'SHIFAN Xuesheng' };
  })(),
};

// --- records per credential type -----------------------------------------------------------

function termLabel(enrollmentYear: number, term: number, lang: 'zh' | 'en'): string {
  const start = enrollmentYear + Math.floor((term - 1) / 2);
  const autumn = term % 2 === 1;
  return lang === 'zh'
    ? `${start}-${start + 1}-${autumn ? 1 : 2}`
    : `${start}-${pad((start + 1) % 100, 2)} ${autumn ? 'Autumn' : 'Spring'}`;
}

function scoreLabel(course: DemoCourse, lang: 'zh' | 'en'): string {
  if (!course.levelGraded) return String(course.score);
  const level = LEVEL_GRADES.find((l) => l.score === course.score);
  return (lang === 'zh' ? level?.levelZh : level?.levelEn) ?? String(course.score);
}

function courseRows(s: DemoStudent, courses: readonly DemoCourse[], lang: 'zh' | 'en'): CourseRow[] {
  return courses.map((c) => ({
    course: c.name[lang],
    term: termLabel(s.enrollmentYear, c.term, lang),
    credits: c.credits.toFixed(1),
    score: scoreLabel(c, lang),
    gradePoint: c.gradePoint.toFixed(1),
  }));
}

function genderLabel(g: Gender, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? g : g === '男' ? 'Male' : 'Female';
}

function date(iso: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? dateZh(iso) : dateEn(iso);
}

function month(iso: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? monthZh(iso) : monthEn(iso);
}

function studentBasics(s: DemoStudent, lang: 'zh' | 'en') {
  return {
    name: lang === 'zh' ? s.name : s.nameEn,
    gender: genderLabel(s.gender, lang),
    studentNo: s.studentNo,
    college: s.college[lang],
    major: s.major[lang],
  };
}

const enrollmentIso = (s: DemoStudent) => `${s.enrollmentYear}-09-01`;
const graduationIso = (s: DemoStudent) => `${s.enrollmentYear + 4}-06-30`;

export function transcriptRecord(s: DemoStudent, lang: 'zh' | 'en'): TranscriptRecord {
  return {
    ...studentBasics(s, lang),
    enrollmentDate: date(enrollmentIso(s), lang),
    graduationDate: date(graduationIso(s), lang),
    courses: courseRows(s, s.courses, lang),
    totalCredits: s.totalCredits.toFixed(1),
    gpa: s.gpa.toFixed(2),
  };
}

function minorTranscriptRecord(s: DemoStudent): MinorTranscriptRecord {
  // The minor is the first major of the other college, taken from the third term on.
  const other = COLLEGES.find((c) => c.unitKey !== s.collegeUnitKey) as DemoCollege;
  const minor = other.majors[0] as DemoCollege['majors'][number];
  const rng = seededRandom(seedFromString(`minor:${s.studentNo}`));
  const entries = [...other.core.slice(0, 8), ...minor.courses].map(
    ([zh, en, credits], i): CourseEntry => [zh, en, credits, 3 + Math.floor(i / 3)],
  );
  const courses = takeCourses(rng, entries, 70 + rng.next() * 20);
  return {
    ...studentBasics(s, 'zh'),
    minorCollege: other.name.zh,
    minorMajor: minor.name.zh,
    minorPeriod: `${s.enrollmentYear + 1}年9月至${s.enrollmentYear + 3}年6月`,
    courses: courseRows(s, courses, 'zh'),
    totalCredits: courses.reduce((sum, c) => sum + c.credits, 0).toFixed(1),
    gpa: gradePointAverage(courses).toFixed(2),
  };
}

function graduateTranscriptRecord(s: DemoStudent): GraduateTranscriptRecord {
  // The demo treats the person as having gone on to a master's degree at 示范大学, under the same
  // 学号, so the demo student shows one number on every document.
  const rng = seededRandom(seedFromString(`graduate:${s.studentNo}`));
  const year = s.enrollmentYear + 4;
  const courses = takeCourses(rng, GRADUATE_COURSES[s.collegeUnitKey], 78 + rng.next() * 15);
  const degreeCourses = courses.filter((c, i) => !c.levelGraded && i >= 2 && i < 7);
  const supervisor = randomName(rng, rng.next() < 0.5 ? '男' : '女').zh;
  return {
    ...studentBasics(s, 'zh'),
    degreeType: s.collegeUnitKey === 'csCollege' ? '工学硕士（学术学位）' : '文学硕士（学术学位）',
    supervisor: `${supervisor} 教授`,
    enrollmentDate: dateZh(`${year}-09-01`),
    courses: courses.map((c) => ({
      course: c.name.zh,
      term: termLabel(year, c.term, 'zh'),
      kind: degreeCourses.includes(c) || c.term === 1 ? '学位课' : '非学位课',
      credits: c.credits.toFixed(1),
      score: scoreLabel(c, 'zh'),
    })),
    totalCredits: courses.reduce((sum, c) => sum + c.credits, 0).toFixed(1),
    degreeCredits: courses
      .filter((c) => degreeCourses.includes(c) || c.term === 1)
      .reduce((sum, c) => sum + c.credits, 0)
      .toFixed(1),
    thesisTitle:
      s.collegeUnitKey === 'csCollege'
        ? '面向高校电子印章的可验证凭证生成方法研究'
        : '高校学业证明文件英译中的术语规范化研究',
  };
}

function enrollmentRecord(s: DemoStudent, lang: 'zh' | 'en'): EnrollmentRecord {
  return {
    ...studentBasics(s, lang),
    birthDate: date(s.birthDate, lang),
    cohort: String(s.enrollmentYear),
    lengthOfSchooling: lang === 'zh' ? '四年' : 'four years',
    enrollmentDate: month(enrollmentIso(s), lang),
    expectedGraduation: month(graduationIso(s), lang),
  };
}

function studentStatusRecord(s: DemoStudent): StudentStatusRecord {
  return {
    ...studentBasics(s, 'zh'),
    birthDate: dateZh(s.birthDate),
    level: '本科',
    studyMode: '普通全日制',
    lengthOfSchooling: '四年',
    enrollmentDate: dateZh(enrollmentIso(s)),
    expectedGraduation: dateZh(graduationIso(s)),
    status: '在籍（注册学籍）',
  };
}

function cetScoreRecord(s: DemoStudent): CetScoreRecord {
  const rng = seededRandom(seedFromString(`cet:${s.studentNo}`));
  const sitting = (level: 'CET-4' | 'CET-6', year: number, monthNo: 6 | 12, base: number) => {
    const listening = Math.min(249, base + rng.int(-30, 40));
    const reading = Math.min(249, base + rng.int(-30, 40));
    const writing = Math.min(212, Math.round(base * 0.85) + rng.int(-25, 30));
    return {
      level: level === 'CET-4' ? '大学英语四级（CET-4）' : '大学英语六级（CET-6）',
      examDate: `${year}年${monthNo}月`,
      total: String(listening + reading + writing),
      listening: String(listening),
      reading: String(reading),
      writing: String(writing),
      reportNo: `${String(year).slice(2)}${monthNo === 6 ? 1 : 2}${level === 'CET-4' ? 1 : 2}${pad(rng.int(0, 99999999999), 11)}`,
    };
  };
  return {
    ...studentBasics(s, 'zh'),
    cetResults: [
      sitting('CET-4', s.enrollmentYear, 12, rng.int(170, 215)),
      sitting('CET-6', s.enrollmentYear + 1, 6, rng.int(160, 205)),
    ],
  };
}

function admissionRecord(s: DemoStudent): AdmissionRecord {
  const rng = seededRandom(seedFromString(`admission:${s.studentNo}`));
  const yy = String(s.enrollmentYear).slice(2);
  return {
    name: s.name,
    // 考生号: two-digit year, six-digit region, six-digit sequence.
    candidateNo: `${yy}${pad(rng.int(110000, 659999), 6)}${pad(rng.int(1, 999999), 6)}`,
    province: s.province.zh,
    college: s.college.zh,
    major: s.major.zh,
    lengthOfSchooling: '四年',
    reportDate: `${s.enrollmentYear}年9月2日至9月3日`,
    issueDate: dateZh(`${s.enrollmentYear}-07-15`),
  };
}

function staffBasics(p: DemoStaff) {
  return { name: p.name, gender: p.gender, staffNo: p.staffNo, department: p.department };
}

function employmentRecord(p: DemoStaff): EmploymentRecord {
  return {
    ...staffBasics(p),
    birthDate: dateZh(p.birthDate),
    post: p.post,
    title: p.title,
    hireDate: dateZh(p.hireDate),
  };
}

function incomeRecord(p: DemoStaff, issued: Date): IncomeRecord {
  const y = issued.getUTCFullYear();
  const m = issued.getUTCMonth() + 1;
  const from = m === 1 ? `${y - 1}年1月` : `${y - 1}年${m}月`;
  const to = m === 1 ? `${y - 1}年12月` : `${y}年${m - 1}月`;
  return {
    ...staffBasics(p),
    post: p.post,
    title: p.title,
    hireDate: dateZh(p.hireDate),
    incomePeriod: `${from}至${to}`,
    monthlyIncome: yuan(p.monthlyIncome),
    monthlyIncomeUpper: yuanUppercase(p.monthlyIncome),
    annualIncome: yuan(Math.round(p.monthlyIncome * 12 * 100) / 100),
  };
}

function retirementRecord(p: DemoStaff): RetirementRecord {
  if (!p.retirementDate) {
    throw new AppError('ERR_BAD_REQUEST', `${p.staffNo} has not retired: no retirement certificate`);
  }
  return {
    ...staffBasics(p),
    birthDate: dateZh(p.birthDate),
    title: p.title,
    hireDate: dateZh(p.hireDate),
    retirementDate: dateZh(p.retirementDate),
  };
}

function gpaExplanationRecord(s: DemoStudent, lang: 'zh' | 'en'): GpaExplanationRecord {
  return {
    name: lang === 'zh' ? s.name : s.nameEn,
    studentNo: s.studentNo,
  };
}

const STUDENT_RECORDS: Readonly<Record<string, (s: DemoStudent, issued: Date) => Record<string, unknown>>> = {
  'major-transcript-zh': (s) => transcriptRecord(s, 'zh'),
  'major-transcript-en': (s) => transcriptRecord(s, 'en'),
  'minor-transcript-zh': minorTranscriptRecord,
  'gpa-explanation-zh': (s) => gpaExplanationRecord(s, 'zh'),
  'gpa-explanation-en': (s) => gpaExplanationRecord(s, 'en'),
  'enrollment-certificate-zh': (s) => enrollmentRecord(s, 'zh'),
  'enrollment-certificate-en': (s) => enrollmentRecord(s, 'en'),
  'enrollment-certificate-sm2-zh': (s) => enrollmentRecord(s, 'zh'),
  'student-status-certificate-zh': studentStatusRecord,
  'cet-score-certificate-zh': cetScoreRecord,
  'graduate-transcript-zh': graduateTranscriptRecord,
  'admission-letter-zh': (s) => admissionRecord(s),
};

const STAFF_RECORDS: Readonly<Record<string, (p: DemoStaff, issued: Date) => Record<string, unknown>>> = {
  'employment-certificate-zh': employmentRecord,
  'income-certificate-zh': incomeRecord,
  'retirement-certificate-zh': retirementRecord,
};

function isStudent(person: DemoStudent | DemoStaff): person is DemoStudent {
  return 'studentNo' in person;
}

/** The record a credential type is issued from, for a demo student or staff member. */
export function demoRecordFor(
  typeCode: string,
  person: DemoStudent | DemoStaff,
  issued: Date = new Date(),
): Record<string, unknown> {
  const build = isStudent(person) ? STUDENT_RECORDS[typeCode] : STAFF_RECORDS[typeCode];
  if (build)
    return (build as (p: DemoStudent | DemoStaff, d: Date) => Record<string, unknown>)(person, issued);
  const known = [...Object.keys(STUDENT_RECORDS), ...Object.keys(STAFF_RECORDS)].includes(typeCode);
  throw new AppError(
    'ERR_BAD_REQUEST',
    known
      ? `credential type ${typeCode} is not issued to ${isStudent(person) ? 'students' : 'staff'}`
      : `unknown demo credential type ${typeCode}`,
  );
}

/** Codes demoRecordFor can build, by audience. */
export const DEMO_RECORD_CODES = {
  student: Object.keys(STUDENT_RECORDS),
  staff: Object.keys(STAFF_RECORDS),
} as const;
