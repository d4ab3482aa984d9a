import { type CredentialTemplate, type TemplateSchema, templateParts } from '@openseal/templates';
import { GRADE_POINT_BANDS, scoreRange } from './grade-points.ts';

const { A4, a4, field, label, paragraph, rule, SEAL_SIZE_MM, sealSlot, table } = templateParts;
type TableColumn = templateParts.TableColumn;
type TextOptions = templateParts.TextOptions;

// Transcripts: a header block, the course table and the issuer block with its seal, laid out so
// that 40 courses fit on one A4 page above the verification footer; more rows flow on.

/** Transcripts use a narrow margin so that 40 rows fit one page. */
const PADDING: [number, number, number, number] = [12, 15, 12, 15];
const LEFT = PADDING[3];
const WIDTH = A4.width - PADDING[1] - PADDING[3];
/** Body rows of 8 pt text with 0.6 mm padding above and below. */
export const TRANSCRIPT_ROW_MM = 4.1;
/** Rows the first page holds with the head, the header block and the issuer block. */
export const TRANSCRIPT_ROWS_PER_PAGE = 40;
const TABLE_TOP = 39;
const TABLE_HEIGHT = TRANSCRIPT_ROW_MM * (TRANSCRIPT_ROWS_PER_PAGE + 1);
const BELOW_TABLE = TABLE_TOP + TABLE_HEIGHT;

type Lang = 'zh' | 'en';

/** "label value" pairs on one line: [label, record key, x, label width, value width]. */
type HeaderCell = readonly [text: string, key: string, x: number, labelWidth: number, valueWidth: number];

function headerLine(cells: readonly HeaderCell[], y: number): TemplateSchema[] {
  const o: TextOptions = { fontSize: 9 };
  return cells.flatMap(([text, key, x, lw, vw]) => [
    label(`${key}Label`, text, { x, y, width: lw, height: 4.5 }, { ...o, bold: true }),
    field(key, { x: x + lw, y, width: vw, height: 4.5 }, o),
  ]);
}

function header(lang: Lang, title: string, rows: readonly (readonly HeaderCell[])[]): TemplateSchema[] {
  return [
    label(
      'heading',
      title,
      { x: LEFT, y: 12, width: WIDTH, height: 8 },
      {
        fontSize: lang === 'zh' ? 16 : 14,
        bold: true,
        alignment: 'center',
        characterSpacing: lang === 'zh' ? 1 : 0,
      },
    ),
    rule('titleRule', LEFT, 21, WIDTH, 0.5),
    ...rows.flatMap((cells, i) => headerLine(cells, 23 + i * 5)),
  ];
}

const UNDERGRADUATE_COLUMNS: Record<Lang, readonly TableColumn[]> = {
  zh: [
    { head: '课程', key: 'course', widthPercent: 52, alignment: 'left' },
    { head: '学期', key: 'term', widthPercent: 18 },
    { head: '学分', key: 'credits', widthPercent: 10 },
    { head: '成绩', key: 'score', widthPercent: 10 },
    { head: '绩点', key: 'gradePoint', widthPercent: 10 },
  ],
  en: [
    { head: 'Course', key: 'course', widthPercent: 56, alignment: 'left' },
    { head: 'Term', key: 'term', widthPercent: 16 },
    { head: 'Credits', key: 'credits', widthPercent: 9 },
    { head: 'Grade', key: 'score', widthPercent: 10 },
    { head: 'GP', key: 'gradePoint', widthPercent: 9 },
  ],
};

function courseTable(columns: readonly TableColumn[]): TemplateSchema {
  return table(
    'courses',
    columns,
    { x: LEFT, y: TABLE_TOP, width: WIDTH, height: TABLE_HEIGHT },
    { fontSize: 8 },
  );
}

/**
 * Issuer name and date at the right, the seal over them as a stamp is placed on paper. Callers
 * keep the seal's top edge below the table's, so that it moves down with a table that flows on.
 */
function issuerBlock(issuer: string, y: number, issuerFontSize = 10): TemplateSchema[] {
  const x = 125;
  const w = 70;
  return [
    label('issuer', issuer, { x, y, width: w, height: 5 }, { fontSize: issuerFontSize, alignment: 'center' }),
    field('issueDate', { x, y: y + 6, width: w, height: 5 }, { fontSize: 10, alignment: 'center' }),
    sealSlot('issuerSeal', 'issuer', x + w / 2 - SEAL_SIZE_MM / 2, y + 5.5 - SEAL_SIZE_MM / 2),
  ];
}

export function majorTranscriptTemplate(lang: Lang): CredentialTemplate {
  const zh = lang === 'zh';
  const rows: HeaderCell[][] = zh
    ? [
        [
          ['姓名：', 'name', LEFT, 12, 48],
          ['学号：', 'studentNo', 75, 12, 48],
          ['性别：', 'gender', 145, 12, 38],
        ],
        [
          ['学院：', 'college', LEFT, 12, 48],
          ['专业：', 'major', 75, 12, 108],
        ],
        [
          ['入学日期：', 'enrollmentDate', LEFT, 19, 41],
          ['毕业日期：', 'graduationDate', 75, 19, 51],
        ],
      ]
    : [
        [
          ['Name: ', 'name', LEFT, 12, 48],
          ['Student No.: ', 'studentNo', 75, 22, 38],
          ['Gender: ', 'gender', 145, 14, 36],
        ],
        [
          ['College: ', 'college', LEFT, 15, 60],
          ['Major: ', 'major', 95, 12, 88],
        ],
        [
          ['Enrolled: ', 'enrollmentDate', LEFT, 17, 43],
          ['Graduation (expected): ', 'graduationDate', 75, 41, 50],
        ],
      ];
  const summary = zh
    ? '总学分：{totalCredits}　　平均学分绩点（GPA）：{gpa}'
    : 'Total credits: {totalCredits}    Grade point average (GPA): {gpa}';
  const note = zh
    ? '注：成绩为百分制或五级制（优秀、良好、中等、及格、不及格）；绩点与平均学分绩点的计算方法见《示范大学绩点换算说明》。本成绩单经电子签章后有效，可扫描页脚二维码核验。'
    : 'Notes: Grades are percentages or five levels (Excellent, Good, Fair, Pass, Fail). Grade points and the GPA follow the Demo University Grade Point Conversion. Valid with its electronic seal; verify it with the QR code below.';
  return a4(
    [
      ...header(
        lang,
        zh ? '示范大学本科生主修成绩单' : 'Demo University Undergraduate Academic Transcript',
        rows,
      ),
      courseTable(UNDERGRADUATE_COLUMNS[lang]),
      paragraph(
        'summary',
        summary,
        { x: LEFT, y: BELOW_TABLE + 2, width: WIDTH, height: 5 },
        {
          fontSize: 9.5,
          bold: true,
          lineHeight: 1.2,
        },
      ),
      label(
        'note',
        note,
        { x: LEFT, y: BELOW_TABLE + 8, width: 105, height: 14 },
        { fontSize: 7.5, lineHeight: 1.4 },
      ),
      ...issuerBlock(
        zh ? '示范大学教务处' : 'Office of Academic Affairs, Demo University',
        BELOW_TABLE + 22,
        zh ? 10 : 8.5,
      ),
    ],
    PADDING,
  );
}

export function minorTranscriptTemplate(): CredentialTemplate {
  const rows: HeaderCell[][] = [
    [
      ['姓名：', 'name', LEFT, 12, 48],
      ['学号：', 'studentNo', 75, 12, 48],
      ['性别：', 'gender', 145, 12, 38],
    ],
    [
      ['主修学院：', 'college', LEFT, 19, 41],
      ['主修专业：', 'major', 75, 19, 101],
    ],
    [
      ['辅修学院：', 'minorCollege', LEFT, 19, 41],
      ['辅修专业：', 'minorMajor', 75, 19, 41],
      ['修读时间：', 'minorPeriod', 135, 19, 41],
    ],
  ];
  return a4(
    [
      ...header('zh', '示范大学辅修专业成绩单', rows),
      courseTable(UNDERGRADUATE_COLUMNS.zh),
      paragraph(
        'summary',
        '辅修总学分：{totalCredits}　　辅修平均学分绩点（GPA）：{gpa}',
        {
          x: LEFT,
          y: BELOW_TABLE + 2,
          width: WIDTH,
          height: 5,
        },
        { fontSize: 9.5, bold: true, lineHeight: 1.2 },
      ),
      label(
        'note',
        '注：本成绩单仅载明辅修专业课程成绩，主修成绩以主修成绩单为准。修满辅修专业规定学分者，颁发辅修专业证书。',
        { x: LEFT, y: BELOW_TABLE + 8, width: 105, height: 14 },
        { fontSize: 7.5, lineHeight: 1.4 },
      ),
      ...issuerBlock('示范大学教务处', BELOW_TABLE + 22),
    ],
    PADDING,
  );
}

/** Graduate transcript: issued by Academic Affairs, counter-sealed by the school's archive. */
export function graduateTranscriptTemplate(): CredentialTemplate {
  const rows: HeaderCell[][] = [
    [
      ['姓名：', 'name', LEFT, 12, 48],
      ['学号：', 'studentNo', 75, 12, 48],
      ['性别：', 'gender', 145, 12, 38],
    ],
    [
      ['培养单位：', 'college', LEFT, 19, 41],
      ['学科专业：', 'major', 75, 19, 51],
      ['导师：', 'supervisor', 145, 12, 38],
    ],
    [
      ['攻读学位：', 'degreeType', LEFT, 19, 41],
      ['入学日期：', 'enrollmentDate', 75, 19, 51],
    ],
  ];
  const columns: TableColumn[] = [
    { head: '课程', key: 'course', widthPercent: 50, alignment: 'left' },
    { head: '学期', key: 'term', widthPercent: 16 },
    { head: '课程性质', key: 'kind', widthPercent: 14 },
    { head: '学分', key: 'credits', widthPercent: 10 },
    { head: '成绩', key: 'score', widthPercent: 10 },
  ];
  const y = BELOW_TABLE;
  return a4(
    [
      ...header('zh', '示范大学研究生课程成绩单', rows),
      table(
        'courses',
        columns,
        { x: LEFT, y: TABLE_TOP, width: WIDTH, height: TABLE_HEIGHT },
        { fontSize: 8 },
      ),
      paragraph(
        'summary',
        '总学分：{totalCredits}　　其中学位课学分：{degreeCredits}',
        {
          x: LEFT,
          y: y + 2,
          width: WIDTH,
          height: 5,
        },
        { fontSize: 9.5, bold: true, lineHeight: 1.2 },
      ),
      paragraph(
        'thesis',
        '学位论文题目：{thesisTitle}',
        { x: LEFT, y: y + 8, width: WIDTH, height: 5 },
        {
          fontSize: 9,
          lineHeight: 1.2,
        },
      ),
      // The archive's counter-seal certifies the copy matches the student's file (与档案相符).
      label(
        'archive',
        '经核对，与本人档案材料相符。\n示范大学档案馆',
        { x: 30, y: y + 22, width: 60, height: 10 },
        {
          fontSize: 9,
          alignment: 'center',
          lineHeight: 1.4,
        },
      ),
      sealSlot('counterSeal', 'counter', 60 - SEAL_SIZE_MM / 2, y + 27 - SEAL_SIZE_MM / 2),
      ...issuerBlock('示范大学教务处', y + 22),
    ],
    PADDING,
  );
}

/** The static score-band table (绩点换算说明), printed from GRADE_POINT_BANDS. */
export function gpaExplanationTemplate(lang: Lang): CredentialTemplate {
  const zh = lang === 'zh';
  const columns: TableColumn[] = zh
    ? [
        { head: '百分制成绩', key: 'range', widthPercent: 40 },
        { head: '五级制成绩', key: 'level', widthPercent: 30 },
        { head: '绩点', key: 'gradePoint', widthPercent: 30 },
      ]
    : [
        { head: 'Percentage score', key: 'range', widthPercent: 40 },
        { head: 'Five-level grade', key: 'level', widthPercent: 30 },
        { head: 'Grade point', key: 'gradePoint', widthPercent: 30 },
      ];
  const staticRows = GRADE_POINT_BANDS.map((b) => [
    scoreRange(b),
    zh ? b.levelZh : b.levelEn,
    b.gradePoint.toFixed(1),
  ]);
  const levels = zh
    ? '五级制成绩按如下分数计算绩点：优秀 95 分、良好 85 分、中等 75 分、及格 65 分、不及格 0 分。'
    : 'Five-level grades count as: Excellent 95, Good 85, Fair 75, Pass 65, Fail 0.';
  const formula = zh
    ? '平均学分绩点（GPA）＝ Σ（课程学分 × 课程绩点）÷ Σ 课程学分，保留两位小数。重修课程以最高成绩计入。'
    : 'GPA = Σ (course credits × grade point) ÷ Σ course credits, rounded to two decimals. For a retaken course the highest grade counts.';
  const intro = zh
    ? '{name}（学号：{studentNo}）成绩单中的绩点按示范大学 4.0 分制绩点标准换算，对应关系如下：'
    : 'The grade points on the transcript of {name} (Student No. {studentNo}) follow the Demo University 4.0 scale below.';
  const tableTop = 62;
  const tableHeight = 7 * (staticRows.length + 1);
  const after = tableTop + tableHeight + 6;
  return a4([
    label(
      'heading',
      zh ? '示范大学绩点换算说明' : 'Demo University Grade Point Conversion',
      {
        x: 20,
        y: 25,
        width: 170,
        height: 10,
      },
      { fontSize: 18, bold: true, alignment: 'center', characterSpacing: zh ? 2 : 0 },
    ),
    rule('titleRule', 20, 37, 170, 0.5),
    paragraph('intro', intro, { x: 20, y: 44, width: 170, height: 14 }, { fontSize: 11 }),
    table(
      'bands',
      columns,
      { x: 35, y: tableTop, width: 140, height: tableHeight },
      {
        fontSize: 10,
        cellPaddingY: 1.6,
        staticRows,
      },
    ),
    label('levels', levels, { x: 20, y: after, width: 170, height: 12 }, { fontSize: 10.5, lineHeight: 1.6 }),
    label(
      'formula',
      formula,
      { x: 20, y: after + 14, width: 170, height: 12 },
      { fontSize: 10.5, lineHeight: 1.6 },
    ),
    ...[
      label(
        'issuer',
        zh ? '示范大学教务处' : 'Office of Academic Affairs, Demo University',
        {
          x: 110,
          y: after + 44,
          width: 80,
          height: 6,
        },
        { fontSize: zh ? 12 : 10, alignment: 'center' },
      ),
      field(
        'issueDate',
        { x: 110, y: after + 51, width: 80, height: 6 },
        { fontSize: 12, alignment: 'center' },
      ),
      sealSlot('issuerSeal', 'issuer', 150 - SEAL_SIZE_MM / 2, after + 50 - SEAL_SIZE_MM / 2),
    ],
  ]);
}
