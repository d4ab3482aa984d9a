// Static facts of 示范大学 used to make demo people: colleges and majors (the colleges are the ones
// seed-demo-school.ts creates), the undergraduate curriculum, names and places.

export interface Bilingual {
  zh: string;
  en: string;
}

/** [zh, en, credits, term 1–6, graded by level (优秀/良好…) instead of a percentage]. */
export type CourseEntry = readonly [
  zh: string,
  en: string,
  credits: number,
  term: number,
  levelGraded?: boolean,
];

export interface DemoMajor {
  code: string;
  name: Bilingual;
  /** Four courses that only this major takes. */
  courses: readonly CourseEntry[];
}

export interface DemoCollege {
  /** Key in DemoSchool['units'] of seed-demo-school.ts. */
  unitKey: 'csCollege' | 'languagesCollege';
  code: string;
  name: Bilingual;
  /** The 18 core courses of every major of the college. */
  core: readonly CourseEntry[];
  majors: readonly DemoMajor[];
}

export const SCHOOL_NAME: Bilingual = { zh: '示范大学', en: 'Demo University' };

/** The 18 general-education courses every undergraduate takes. */
export const GENERAL_COURSES: readonly CourseEntry[] = [
  ['思想道德与法治', 'Ethics and the Rule of Law', 3, 1],
  ['中国近现代史纲要', 'Outline of Modern Chinese History', 3, 2],
  ['马克思主义基本原理', 'Basic Principles of Marxism', 3, 3],
  [
    '毛泽东思想和中国特色社会主义理论体系概论',
    'Introduction to Mao Zedong Thought and Socialist Theory',
    3,
    4,
  ],
  ['习近平新时代中国特色社会主义思想概论', 'Introduction to Xi Jinping Thought', 3, 5],
  ['形势与政策', 'Current Affairs and Policies', 2, 6],
  ['军事理论', 'Military Theory', 2, 1, true],
  ['大学体育(1)', 'Physical Education (1)', 1, 1, true],
  ['大学体育(2)', 'Physical Education (2)', 1, 2, true],
  ['大学体育(3)', 'Physical Education (3)', 1, 3, true],
  ['大学体育(4)', 'Physical Education (4)', 1, 4, true],
  ['大学生心理健康教育', 'Mental Health Education for College Students', 2, 1],
  ['大学计算机基础', 'Fundamentals of Computing', 2, 1],
  ['大学语文', 'College Chinese', 2, 2],
  ['创新创业基础', 'Fundamentals of Innovation and Entrepreneurship', 2, 3, true],
  ['劳动教育', 'Labour Education', 1, 2, true],
  ['职业生涯规划', 'Career Planning', 1, 5, true],
  ['国家安全教育', 'National Security Education', 1, 6],
];

export const COLLEGES: readonly DemoCollege[] = [
  {
    unitKey: 'csCollege',
    code: '03',
    name: { zh: '计算机学院', en: 'College of Computer Science' },
    core: [
      ['高等数学A(上)', 'Advanced Mathematics A (I)', 5, 1],
      ['高等数学A(下)', 'Advanced Mathematics A (II)', 5, 2],
      ['线性代数', 'Linear Algebra', 3, 1],
      ['概率论与数理统计', 'Probability and Statistics', 3, 3],
      ['离散数学', 'Discrete Mathematics', 3, 2],
      ['大学物理B', 'College Physics B', 3, 2],
      ['大学英语(1)', 'College English (1)', 2, 1],
      ['大学英语(2)', 'College English (2)', 2, 2],
      ['大学英语(3)', 'College English (3)', 2, 3],
      ['大学英语(4)', 'College English (4)', 2, 4],
      ['程序设计基础', 'Fundamentals of Programming', 4, 1],
      ['数据结构', 'Data Structures', 4, 3],
      ['计算机组成原理', 'Computer Organization', 4, 4],
      ['操作系统', 'Operating Systems', 4, 5],
      ['计算机网络', 'Computer Networks', 3, 5],
      ['数据库系统原理', 'Principles of Database Systems', 3, 4],
      ['算法设计与分析', 'Design and Analysis of Algorithms', 3, 4],
      ['软件工程导论', 'Introduction to Software Engineering', 2, 6],
    ],
    majors: [
      {
        code: '01',
        name: { zh: '计算机科学与技术', en: 'Computer Science and Technology' },
        courses: [
          ['面向对象程序设计', 'Object-Oriented Programming', 3, 2],
          ['编译原理', 'Compiler Principles', 3, 6],
          ['计算机体系结构', 'Computer Architecture', 3, 6],
          ['并行计算', 'Parallel Computing', 2, 6],
        ],
      },
      {
        code: '02',
        name: { zh: '软件工程', en: 'Software Engineering' },
        courses: [
          ['面向对象程序设计', 'Object-Oriented Programming', 3, 2],
          ['软件需求工程', 'Software Requirements Engineering', 2, 5],
          ['软件测试', 'Software Testing', 3, 6],
          ['Web应用开发', 'Web Application Development', 3, 6],
        ],
      },
      {
        code: '03',
        name: { zh: '人工智能', en: 'Artificial Intelligence' },
        courses: [
          ['人工智能导论', 'Introduction to Artificial Intelligence', 3, 3],
          ['机器学习', 'Machine Learning', 3, 5],
          ['深度学习', 'Deep Learning', 3, 6],
          ['自然语言处理', 'Natural Language Processing', 2, 6],
        ],
      },
      {
        code: '04',
        name: { zh: '数据科学与大数据技术', en: 'Data Science and Big Data Technology' },
        courses: [
          ['数据科学导论', 'Introduction to Data Science', 2, 2],
          ['大数据处理技术', 'Big Data Processing', 3, 5],
          ['数据可视化', 'Data Visualization', 2, 6],
          ['统计学习', 'Statistical Learning', 3, 6],
        ],
      },
    ],
  },
  {
    unitKey: 'languagesCollege',
    code: '07',
    name: { zh: '外国语学院', en: 'College of Foreign Languages' },
    core: [
      ['综合英语(1)', 'Comprehensive English (1)', 4, 1],
      ['综合英语(2)', 'Comprehensive English (2)', 4, 2],
      ['综合英语(3)', 'Comprehensive English (3)', 4, 3],
      ['综合英语(4)', 'Comprehensive English (4)', 4, 4],
      ['英语听力(1)', 'English Listening (1)', 2, 1],
      ['英语听力(2)', 'English Listening (2)', 2, 2],
      ['英语口语(1)', 'English Speaking (1)', 2, 1],
      ['英语口语(2)', 'English Speaking (2)', 2, 2],
      ['英语写作', 'English Writing', 2, 3],
      ['英语语法', 'English Grammar', 2, 1],
      ['语言学导论', 'Introduction to Linguistics', 2, 4],
      ['英国文学', 'British Literature', 2, 5],
      ['美国文学', 'American Literature', 2, 6],
      ['英语国家概况', 'Survey of English-Speaking Countries', 2, 3],
      ['翻译理论与实践', 'Translation Theory and Practice', 3, 5],
      ['第二外语（法语）(1)', 'Second Foreign Language: French (1)', 3, 4],
      ['第二外语（法语）(2)', 'Second Foreign Language: French (2)', 3, 5],
      ['跨文化交际', 'Intercultural Communication', 2, 6],
    ],
    majors: [
      {
        code: '01',
        name: { zh: '英语', en: 'English' },
        courses: [
          ['高级英语', 'Advanced English', 4, 5],
          ['英语演讲与辩论', 'English Public Speaking and Debate', 2, 4],
          ['英语国家文化', 'Culture of English-Speaking Countries', 2, 6],
          ['学术论文写作', 'Academic Writing', 2, 6],
        ],
      },
      {
        code: '02',
        name: { zh: '翻译', en: 'Translation and Interpreting' },
        courses: [
          ['笔译', 'Written Translation', 3, 4],
          ['口译', 'Interpreting', 3, 5],
          ['计算机辅助翻译', 'Computer-Aided Translation', 2, 6],
          ['商务翻译', 'Business Translation', 2, 6],
        ],
      },
      {
        code: '03',
        name: { zh: '商务英语', en: 'Business English' },
        courses: [
          ['商务英语阅读', 'Business English Reading', 2, 4],
          ['国际贸易实务', 'International Trade Practice', 3, 5],
          ['商务沟通', 'Business Communication', 2, 5],
          ['跨境电子商务', 'Cross-Border E-Commerce', 2, 6],
        ],
      },
    ],
  },
];

/** Graduate courses for the 研究生成绩单: [zh, en, credits, term 1–3, degree course]. */
export const GRADUATE_COURSES: Readonly<Record<DemoCollege['unitKey'], readonly CourseEntry[]>> = {
  csCollege: [
    [
      '新时代中国特色社会主义理论与实践',
      'Theory and Practice of Socialism with Chinese Characteristics',
      2,
      1,
    ],
    ['自然辩证法概论', 'Introduction to Dialectics of Nature', 1, 2],
    ['学术英语', 'Academic English', 2, 1],
    ['矩阵分析', 'Matrix Analysis', 3, 1],
    ['高级算法设计与分析', 'Advanced Algorithm Design and Analysis', 3, 1],
    ['高级计算机网络', 'Advanced Computer Networks', 3, 2],
    ['分布式系统', 'Distributed Systems', 3, 2],
    ['机器学习理论', 'Machine Learning Theory', 3, 2],
    ['学术规范与论文写作', 'Research Ethics and Academic Writing', 1, 3, true],
    ['文献阅读与选题报告', 'Literature Review and Thesis Proposal', 1, 3, true],
  ],
  languagesCollege: [
    [
      '新时代中国特色社会主义理论与实践',
      'Theory and Practice of Socialism with Chinese Characteristics',
      2,
      1,
    ],
    ['马克思主义与社会科学方法论', 'Marxism and Social Science Methodology', 1, 2],
    ['第二外语（日语）', 'Second Foreign Language: Japanese', 2, 1],
    ['语言学研究方法', 'Research Methods in Linguistics', 3, 1],
    ['二语习得', 'Second Language Acquisition', 3, 1],
    ['翻译学理论', 'Translation Studies', 3, 2],
    ['语料库语言学', 'Corpus Linguistics', 2, 2],
    ['西方文论', 'Western Literary Theory', 3, 2],
    ['学术规范与论文写作', 'Research Ethics and Academic Writing', 1, 3, true],
    ['文献阅读与选题报告', 'Literature Review and Thesis Proposal', 1, 3, true],
  ],
};

/** [surname, pinyin]: common surnames. */
export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'Wang'],
  ['李', 'Li'],
  ['张', 'Zhang'],
  ['刘', 'Liu'],
  ['陈', 'Chen'],
  ['杨', 'Yang'],
  ['黄', 'Huang'],
  ['赵', 'Zhao'],
  ['吴', 'Wu'],
  ['周', 'Zhou'],
  ['徐', 'Xu'],
  ['孙', 'Sun'],
  ['马', 'Ma'],
  ['朱', 'Zhu'],
  ['胡', 'Hu'],
  ['郭', 'Guo'],
  ['何', 'He'],
  ['林', 'Lin'],
  ['罗', 'Luo'],
  ['高', 'Gao'],
  ['郑', 'Zheng'],
  ['梁', 'Liang'],
  ['谢', 'Xie'],
  ['宋', 'Song'],
  ['唐', 'Tang'],
  ['韩', 'Han'],
  ['冯', 'Feng'],
  ['邓', 'Deng'],
  ['曹', 'Cao'],
  ['彭', 'Peng'],
];

/** Given-name characters with pinyin, leaning male / female as they are commonly used. */
export const GIVEN_NAME_CHARS: Readonly<Record<'男' | '女', readonly (readonly [string, string])[]>> = {
  男: [
    ['伟', 'wei'],
    ['强', 'qiang'],
    ['磊', 'lei'],
    ['洋', 'yang'],
    ['勇', 'yong'],
    ['杰', 'jie'],
    ['涛', 'tao'],
    ['明', 'ming'],
    ['超', 'chao'],
    ['浩', 'hao'],
    ['宇', 'yu'],
    ['轩', 'xuan'],
    ['博', 'bo'],
    ['文', 'wen'],
    ['子', 'zi'],
    ['睿', 'rui'],
    ['俊', 'jun'],
    ['晨', 'chen'],
    ['一', 'yi'],
    ['泽', 'ze'],
  ],
  女: [
    ['芳', 'fang'],
    ['娜', 'na'],
    ['敏', 'min'],
    ['静', 'jing'],
    ['丽', 'li'],
    ['婷', 'ting'],
    ['雪', 'xue'],
    ['慧', 'hui'],
    ['欣', 'xin'],
    ['怡', 'yi'],
    ['佳', 'jia'],
    ['雨', 'yu'],
    ['梓', 'zi'],
    ['涵', 'han'],
    ['思', 'si'],
    ['琪', 'qi'],
    ['晓', 'xiao'],
    ['诗', 'shi'],
    ['悦', 'yue'],
    ['可', 'ke'],
  ],
};

export const PROVINCES: readonly Bilingual[] = [
  { zh: '北京市', en: 'Beijing' },
  { zh: '河北省', en: 'Hebei' },
  { zh: '山东省', en: 'Shandong' },
  { zh: '江苏省', en: 'Jiangsu' },
  { zh: '浙江省', en: 'Zhejiang' },
  { zh: '河南省', en: 'Henan' },
  { zh: '湖北省', en: 'Hubei' },
  { zh: '湖南省', en: 'Hunan' },
  { zh: '四川省', en: 'Sichuan' },
  { zh: '广东省', en: 'Guangdong' },
  { zh: '陕西省', en: 'Shaanxi' },
  { zh: '云南省', en: 'Yunnan' },
];

/** Staff departments: the demo school's colleges and offices. */
export const STAFF_DEPARTMENTS: readonly { name: string; academic: boolean }[] = [
  { name: '计算机学院', academic: true },
  { name: '外国语学院', academic: true },
  { name: '教务处', academic: false },
  { name: '党政办公室', academic: false },
];

/** Professional titles with the demo's monthly gross income range in yuan. */
export const ACADEMIC_TITLES: readonly { title: string; income: readonly [number, number] }[] = [
  { title: '教授', income: [22000, 32000] },
  { title: '副教授', income: [16000, 23000] },
  { title: '讲师', income: [11000, 16000] },
  { title: '助教', income: [8000, 10500] },
];

export const ADMIN_POSTS: readonly { post: string; title: string; income: readonly [number, number] }[] = [
  { post: '副处长', title: '副研究员', income: [15000, 21000] },
  { post: '科长', title: '助理研究员', income: [11000, 15000] },
  { post: '科员', title: '研究实习员', income: [8000, 11000] },
];
