import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';

// The data each demo credential type is issued from. Keys are the template field names; values
// are the printed strings (numbers already formatted, e.g. credits "3.0"), so a record validated
// here renders exactly as checked.

/** A required printed field; the description reads "中文 / English" for forms and OpenAPI. */
function text(zh: string, en: string, pattern?: string) {
  return Type.String({ minLength: 1, description: `${zh} / ${en}`, ...(pattern ? { pattern } : {}) });
}

const ONE_DECIMAL = '^\\d+\\.\\d$';
const TWO_DECIMALS = '^\\d+\\.\\d{2}$';
const AMOUNT = '^\\d{1,3}(,\\d{3})*\\.\\d{2}$';

function record<T extends TProperties>(properties: T, zh: string, en: string): TObject<T> {
  return Type.Object(properties, { description: `${zh} / ${en}` });
}

const person = {
  name: text('姓名', 'Full name'),
  gender: text('性别', 'Gender'),
};

const student = {
  ...person,
  studentNo: text('学号', 'Student number', '^\\d{10}$'),
  college: text('学院', 'College'),
  major: text('专业', 'Major'),
};

/** Absent: the day the credential is issued, in the school's time zone. */
const issued = { issueDate: Type.Optional(text('出具日期', 'Date of issue')) };

export const CourseRow = Type.Object(
  {
    course: text('课程名称', 'Course'),
    term: text('学期', 'Term'),
    credits: text('学分', 'Credits', ONE_DECIMAL),
    score: text('成绩（百分制或等级）', 'Grade (percentage or level)'),
    gradePoint: text('绩点', 'Grade point', ONE_DECIMAL),
  },
  { description: '课程成绩 / Course result' },
);
export type CourseRow = Static<typeof CourseRow>;

export const TranscriptRecord = record(
  {
    ...student,
    enrollmentDate: text('入学日期', 'Date of enrollment'),
    graduationDate: text('毕业日期（或预计毕业日期）', 'Date of graduation (or expected)'),
    courses: Type.Array(CourseRow, { description: '课程成绩 / Courses' }),
    totalCredits: text('总学分', 'Total credits', ONE_DECIMAL),
    gpa: text('平均学分绩点', 'Grade point average', TWO_DECIMALS),
    ...issued,
  },
  '主修成绩单',
  'Major transcript',
);
export type TranscriptRecord = Static<typeof TranscriptRecord>;

export const MinorTranscriptRecord = record(
  {
    ...student,
    minorCollege: text('辅修开课学院', 'College offering the minor'),
    minorMajor: text('辅修专业', 'Minor'),
    minorPeriod: text('辅修修读时间', 'Period of minor study'),
    courses: Type.Array(CourseRow, { description: '辅修课程成绩 / Minor courses' }),
    totalCredits: text('辅修总学分', 'Minor credits', ONE_DECIMAL),
    gpa: text('辅修平均学分绩点', 'Minor grade point average', TWO_DECIMALS),
    ...issued,
  },
  '辅修成绩单',
  'Minor transcript',
);
export type MinorTranscriptRecord = Static<typeof MinorTranscriptRecord>;

export const GraduateCourseRow = Type.Object(
  {
    course: text('课程名称', 'Course'),
    term: text('学期', 'Term'),
    kind: text('课程性质', 'Course type'),
    credits: text('学分', 'Credits', ONE_DECIMAL),
    score: text('成绩', 'Grade'),
  },
  { description: '研究生课程成绩 / Graduate course result' },
);
export type GraduateCourseRow = Static<typeof GraduateCourseRow>;

export const GraduateTranscriptRecord = record(
  {
    ...student,
    degreeType: text('攻读学位', 'Degree sought'),
    supervisor: text('导师', 'Supervisor'),
    enrollmentDate: text('入学日期', 'Date of enrollment'),
    courses: Type.Array(GraduateCourseRow, { description: '课程成绩 / Courses' }),
    totalCredits: text('总学分', 'Total credits', ONE_DECIMAL),
    degreeCredits: text('学位课学分', 'Degree-course credits', ONE_DECIMAL),
    thesisTitle: text('学位论文题目', 'Thesis title'),
    ...issued,
  },
  '研究生成绩单',
  'Graduate transcript',
);
export type GraduateTranscriptRecord = Static<typeof GraduateTranscriptRecord>;

export const GpaExplanationRecord = record(
  {
    name: text('姓名', 'Full name'),
    studentNo: text('学号', 'Student number', '^\\d{10}$'),
    ...issued,
  },
  '绩点换算说明',
  'Grade point conversion',
);
export type GpaExplanationRecord = Static<typeof GpaExplanationRecord>;

export const EnrollmentRecord = record(
  {
    ...student,
    birthDate: text('出生日期', 'Date of birth'),
    cohort: text('年级', 'Cohort (year of entry)', '^\\d{4}$'),
    lengthOfSchooling: text('学制', 'Length of schooling'),
    enrollmentDate: text('入学日期', 'Date of enrollment'),
    expectedGraduation: text('预计毕业日期', 'Expected graduation'),
    ...issued,
  },
  '在读证明',
  'Certificate of enrollment',
);
export type EnrollmentRecord = Static<typeof EnrollmentRecord>;

export const StudentStatusRecord = record(
  {
    ...student,
    birthDate: text('出生日期', 'Date of birth'),
    level: text('培养层次', 'Level of study'),
    studyMode: text('学习形式', 'Mode of study'),
    lengthOfSchooling: text('学制', 'Length of schooling'),
    enrollmentDate: text('入学日期', 'Date of enrollment'),
    expectedGraduation: text('预计毕业日期', 'Expected graduation'),
    status: text('学籍状态', 'Student status'),
    ...issued,
  },
  '学籍证明',
  'Certificate of student status',
);
export type StudentStatusRecord = Static<typeof StudentStatusRecord>;

export const CetResultRow = Type.Object(
  {
    level: text('考试级别', 'Test'),
    examDate: text('考试时间', 'Test date'),
    total: text('总分', 'Total score', '^\\d{3}$'),
    listening: text('听力', 'Listening', '^\\d{2,3}$'),
    reading: text('阅读', 'Reading', '^\\d{2,3}$'),
    writing: text('写作和翻译', 'Writing and translation', '^\\d{2,3}$'),
    reportNo: text('成绩报告单编号', 'Score report number', '^\\d{15}$'),
  },
  { description: '四六级成绩 / CET result' },
);
export type CetResultRow = Static<typeof CetResultRow>;

export const CetScoreRecord = record(
  {
    ...student,
    cetResults: Type.Array(CetResultRow, { minItems: 1, description: '四六级成绩 / CET results' }),
    ...issued,
  },
  '大学英语四六级成绩证明',
  'CET-4/6 score certificate',
);
export type CetScoreRecord = Static<typeof CetScoreRecord>;

export const AdmissionRecord = record(
  {
    name: text('姓名', 'Full name'),
    candidateNo: text('考生号', 'Examinee number', '^\\d{14}$'),
    province: text('生源省份', 'Province of origin'),
    college: text('录取学院', 'College'),
    major: text('录取专业', 'Major'),
    lengthOfSchooling: text('学制', 'Length of schooling'),
    reportDate: text('报到时间', 'Registration date'),
    ...issued,
  },
  '录取通知书',
  'Admission letter',
);
export type AdmissionRecord = Static<typeof AdmissionRecord>;

const staff = {
  ...person,
  staffNo: text('工号', 'Staff number', '^\\d{8}$'),
  department: text('所在单位', 'Department'),
};

export const EmploymentRecord = record(
  {
    ...staff,
    birthDate: text('出生日期', 'Date of birth'),
    post: text('岗位', 'Post'),
    title: text('职称', 'Professional title'),
    hireDate: text('入职日期', 'Date of employment'),
    ...issued,
  },
  '在职证明',
  'Certificate of employment',
);
export type EmploymentRecord = Static<typeof EmploymentRecord>;

export const IncomeRecord = record(
  {
    ...staff,
    post: text('岗位', 'Post'),
    title: text('职称', 'Professional title'),
    hireDate: text('入职日期', 'Date of employment'),
    incomePeriod: text('收入统计期间', 'Income period'),
    monthlyIncome: text('税前月平均收入（元）', 'Average monthly gross income (CNY)', AMOUNT),
    monthlyIncomeUpper: text('月平均收入大写', 'Monthly income in capital numerals'),
    annualIncome: text('税前年收入（元）', 'Annual gross income (CNY)', AMOUNT),
    ...issued,
  },
  '收入证明',
  'Certificate of income',
);
export type IncomeRecord = Static<typeof IncomeRecord>;

export const RetirementRecord = record(
  {
    ...staff,
    birthDate: text('出生日期', 'Date of birth'),
    title: text('职称', 'Professional title'),
    hireDate: text('参加工作日期', 'Date of starting work'),
    retirementDate: text('退休日期', 'Date of retirement'),
    ...issued,
  },
  '退休证明',
  'Certificate of retirement',
);
export type RetirementRecord = Static<typeof RetirementRecord>;
