import { type CredentialTemplate, type TemplateSchema, templateParts } from '@openseal/templates';

const { a4, field, frame, label, paragraph, rule, SEAL_SIZE_MM, sealSlot, table } = templateParts;
type Box = templateParts.Box;
type TableColumn = templateParts.TableColumn;

// Letter-style certificates (证明): title, a running-text body in the wording Chinese universities
// use, the issuer and date at the right with the seal over them. A4, 20 mm margins.

const LEFT = 20;
const WIDTH = 170;

function title(text: string, y = 38, fontSize = 22): TemplateSchema {
  const latin = /^[\x20-\x7e]+$/.test(text);
  return label(
    'heading',
    text,
    { x: LEFT, y, width: WIDTH, height: 12 },
    {
      fontSize,
      bold: true,
      alignment: 'center',
      characterSpacing: latin ? 0 : 4,
    },
  );
}

/** Issuer and date, right-aligned block with the seal centred over them. */
export function signOff(issuer: string, y: number, o: { fontSize?: number } = {}): TemplateSchema[] {
  const fontSize = o.fontSize ?? 13;
  const box: Box = { x: 100, y, width: 90, height: 7 };
  return [
    label('issuer', issuer, box, { fontSize, alignment: 'center' }),
    field('issueDate', { ...box, y: y + 8 }, { fontSize: 13, alignment: 'center' }),
    sealSlot('issuerSeal', 'issuer', box.x + box.width / 2 - SEAL_SIZE_MM / 2, y + 7.5 - SEAL_SIZE_MM / 2),
  ];
}

export function enrollmentCertificateTemplate(lang: 'zh' | 'en'): CredentialTemplate {
  if (lang === 'zh') {
    return a4([
      title('在读证明'),
      paragraph(
        'body',
        '　　兹证明 {name} 同学，性别 {gender}，{birthDate}出生，学号 {studentNo}，系我校 {college} {major} 专业 {cohort} 级全日制普通本科生，学制{lengthOfSchooling}，于 {enrollmentDate}入学，预计 {expectedGraduation}毕业。该生目前在我校就读。\n　　特此证明。',
        { x: LEFT, y: 68, width: WIDTH, height: 60 },
        { fontSize: 13, lineHeight: 2 },
      ),
      label(
        'validity',
        '（本证明自出具之日起三个月内有效，可扫描页脚二维码核验真伪。）',
        { x: LEFT, y: 132, width: WIDTH, height: 8 },
        { fontSize: 10.5 },
      ),
      ...signOff('示范大学教务处', 165),
    ]);
  }
  return a4([
    title('CERTIFICATE OF ENROLLMENT', 38, 20),
    label(
      'salutation',
      'To Whom It May Concern:',
      { x: LEFT, y: 62, width: WIDTH, height: 7 },
      { fontSize: 12 },
    ),
    paragraph(
      'body',
      'This is to certify that {name} ({gender}), born on {birthDate}, Student No. {studentNo}, is a full-time undergraduate student of the {cohort} cohort majoring in {major} at the {college}, Demo University. The student enrolled in {enrollmentDate}; the length of schooling is {lengthOfSchooling} and the expected date of graduation is {expectedGraduation}. The student is currently studying at the University.',
      { x: LEFT, y: 74, width: WIDTH, height: 52 },
      { fontSize: 12, lineHeight: 1.9, alignment: 'justify' },
    ),
    label(
      'validity',
      'Valid for three months from the date of issue; verify it with the QR code below.',
      { x: LEFT, y: 130, width: WIDTH, height: 8 },
      { fontSize: 10 },
    ),
    ...signOff('Office of Academic Affairs, Demo University', 160, { fontSize: 10.5 }),
  ]);
}

/** 学籍证明: a ruled grid of the registration facts, as registrar offices print it. */
export function studentStatusCertificateTemplate(): CredentialTemplate {
  const cells: readonly (readonly [string, string])[] = [
    ['姓名', 'name'],
    ['性别', 'gender'],
    ['出生日期', 'birthDate'],
    ['学号', 'studentNo'],
    ['学院', 'college'],
    ['专业', 'major'],
    ['培养层次', 'level'],
    ['学习形式', 'studyMode'],
    ['学制', 'lengthOfSchooling'],
    ['入学日期', 'enrollmentDate'],
    ['预计毕业日期', 'expectedGraduation'],
    ['学籍状态', 'status'],
  ];
  const top = 62;
  const rowH = 10;
  const labelW = 26;
  const valueW = 59;
  const grid = cells.flatMap(([text, key], i) => {
    const x = LEFT + (i % 2) * (labelW + valueW);
    const y = top + Math.floor(i / 2) * rowH;
    return [
      frame(`${key}LabelCell`, { x, y, width: labelW, height: rowH }),
      frame(`${key}Cell`, { x: x + labelW, y, width: valueW, height: rowH }),
      label(
        `${key}Label`,
        text,
        { x, y, width: labelW, height: rowH },
        {
          fontSize: 11,
          bold: true,
          alignment: 'center',
          verticalAlignment: 'middle',
        },
      ),
      field(
        key,
        { x: x + labelW + 2, y, width: valueW - 4, height: rowH },
        {
          fontSize: 11,
          verticalAlignment: 'middle',
        },
      ),
    ];
  });
  const below = top + (cells.length / 2) * rowH;
  return a4([
    title('学籍证明'),
    label(
      'intro',
      '经核查，该生在我校学籍信息如下：',
      { x: LEFT, y: 52, width: WIDTH, height: 7 },
      { fontSize: 12 },
    ),
    ...grid,
    label(
      'body',
      '　　以上信息与我校学籍管理系统及全国高等学校学生信息咨询与就业指导中心（学信网）注册信息一致。\n　　特此证明。',
      { x: LEFT, y: below + 8, width: WIDTH, height: 22 },
      { fontSize: 12, lineHeight: 1.9 },
    ),
    ...signOff('示范大学教务处', below + 48),
  ]);
}

export function cetScoreCertificateTemplate(): CredentialTemplate {
  const columns: TableColumn[] = [
    { head: '考试级别', key: 'level', widthPercent: 24 },
    { head: '考试时间', key: 'examDate', widthPercent: 13 },
    { head: '总分', key: 'total', widthPercent: 8 },
    { head: '听力', key: 'listening', widthPercent: 8 },
    { head: '阅读', key: 'reading', widthPercent: 8 },
    { head: '写作和翻译', key: 'writing', widthPercent: 12 },
    { head: '成绩报告单编号', key: 'reportNo', widthPercent: 27 },
  ];
  return a4([
    title('全国大学英语四、六级考试成绩证明', 38, 18),
    paragraph(
      'body',
      '　　兹证明 {name} 同学，性别 {gender}，学号 {studentNo}，系我校 {college} {major} 专业学生。该生参加全国大学英语四、六级考试（CET）的成绩如下：',
      { x: LEFT, y: 62, width: WIDTH, height: 24 },
      { fontSize: 12, lineHeight: 1.9 },
    ),
    table(
      'cetResults',
      columns,
      { x: LEFT, y: 90, width: WIDTH, height: 24 },
      { fontSize: 9, cellPaddingY: 2 },
    ),
    label(
      'note',
      '　　以上成绩由我校依据教育部教育考试院发布的成绩核对无误。四、六级考试总分为 710 分，听力 249 分、阅读 249 分、写作和翻译 212 分。成绩亦可在中国教育考试网（cjcx.neea.edu.cn）查询。\n　　特此证明。',
      { x: LEFT, y: 128, width: WIDTH, height: 30 },
      { fontSize: 11, lineHeight: 1.9 },
    ),
    ...signOff('示范大学教务处', 178),
  ]);
}

export function admissionLetterTemplate(): CredentialTemplate {
  return a4([
    label(
      'school',
      '示范大学',
      { x: LEFT, y: 30, width: WIDTH, height: 16 },
      {
        fontSize: 30,
        bold: true,
        alignment: 'center',
        characterSpacing: 8,
      },
    ),
    label(
      'heading',
      '录取通知书',
      { x: LEFT, y: 50, width: WIDTH, height: 12 },
      {
        fontSize: 22,
        bold: true,
        alignment: 'center',
        characterSpacing: 6,
      },
    ),
    rule('titleRule', 50, 66, 110, 0.6),
    paragraph(
      'candidate',
      '考生号：{candidateNo}',
      { x: LEFT, y: 72, width: WIDTH, height: 7 },
      {
        fontSize: 10.5,
        alignment: 'right',
        lineHeight: 1.2,
      },
    ),
    paragraph(
      'salutation',
      '{name} 同学：',
      { x: LEFT, y: 84, width: WIDTH, height: 9 },
      { fontSize: 14, lineHeight: 1.2 },
    ),
    paragraph(
      'body',
      '　　经{province}招生委员会批准，你已被我校 {college} {major} 专业录取，学制{lengthOfSchooling}。请凭本通知书于 {reportDate}到校报到。\n　　祝贺你成为示范大学的一员！',
      { x: LEFT, y: 96, width: WIDTH, height: 44 },
      { fontSize: 14, lineHeight: 2 },
    ),
    ...signOff('示范大学', 160, { fontSize: 14 }),
    label(
      'notice',
      '报到须知：请携带本通知书及居民身份证按时报到；不能按时报到者须事先向招生办公室请假。',
      { x: LEFT, y: 218, width: WIDTH, height: 12 },
      { fontSize: 9.5, lineHeight: 1.6 },
    ),
  ]);
}

export function employmentCertificateTemplate(): CredentialTemplate {
  return a4([
    title('在职证明'),
    paragraph(
      'body',
      '　　兹证明 {name}（性别 {gender}，{birthDate}出生，工号 {staffNo}）系我校在职在编教职工，自 {hireDate}起在我校工作至今，现就职于 {department}，岗位为 {post}，职称为 {title}。\n　　特此证明。',
      { x: LEFT, y: 68, width: WIDTH, height: 56 },
      { fontSize: 13, lineHeight: 2 },
    ),
    label(
      'disclaimer',
      '本证明仅用于证明该同志在我校的工作情况，不作为我校对该同志任何形式的担保文件。本证明自出具之日起一个月内有效。',
      { x: LEFT, y: 128, width: WIDTH, height: 14 },
      { fontSize: 10.5, lineHeight: 1.6 },
    ),
    label(
      'contact',
      '人事部门联系电话：010-6000 0000',
      { x: LEFT, y: 146, width: WIDTH, height: 7 },
      { fontSize: 10.5 },
    ),
    ...signOff('示范大学', 172),
  ]);
}

export function incomeCertificateTemplate(): CredentialTemplate {
  return a4([
    title('收入证明'),
    paragraph(
      'body',
      '　　兹证明 {name}（性别 {gender}，工号 {staffNo}）系我校 {department} 在职教职工，自 {hireDate}起在我校工作，岗位为 {post}，职称为 {title}。{incomePeriod}，该同志税前月平均收入为人民币 {monthlyIncome} 元（大写：{monthlyIncomeUpper}），税前年收入合计人民币 {annualIncome} 元。\n　　特此证明。',
      { x: LEFT, y: 68, width: WIDTH, height: 70 },
      { fontSize: 13, lineHeight: 2 },
    ),
    label(
      'disclaimer',
      '本证明仅用于证明该同志的收入情况，不作为我校对该同志任何形式的担保文件。收入含基本工资、绩效工资及各类津贴补贴，未扣除个人所得税及社会保险、住房公积金个人缴纳部分。',
      { x: LEFT, y: 142, width: WIDTH, height: 18 },
      { fontSize: 10.5, lineHeight: 1.6 },
    ),
    label(
      'contact',
      '人事部门联系电话：010-6000 0000',
      { x: LEFT, y: 164, width: WIDTH, height: 7 },
      { fontSize: 10.5 },
    ),
    ...signOff('示范大学', 186),
  ]);
}

export function retirementCertificateTemplate(): CredentialTemplate {
  return a4([
    title('退休证明'),
    paragraph(
      'body',
      '　　兹证明 {name}，性别 {gender}，{birthDate}出生，工号 {staffNo}，原系我校 {department} 教职工，职称为 {title}，于 {hireDate}参加工作，经批准于 {retirementDate}办理退休手续，现为我校退休人员，退休待遇按国家有关规定发放。\n　　特此证明。',
      { x: LEFT, y: 68, width: WIDTH, height: 64 },
      { fontSize: 13, lineHeight: 2 },
    ),
    label(
      'contact',
      '离退休工作部门联系电话：010-6000 0001',
      { x: LEFT, y: 140, width: WIDTH, height: 7 },
      {
        fontSize: 10.5,
      },
    ),
    ...signOff('示范大学', 170),
  ]);
}
