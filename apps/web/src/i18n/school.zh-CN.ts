// The school's name and logo, set by the system admin for the sign-in page.
export const schoolZh = {
  'school.title': '学校信息',
  'school.nameZh': '学校名称（中文）',
  'school.nameEn': '学校名称（英文）',
  'school.logo': '学校标志',
  'school.logoHint': 'PNG 或 SVG，不超过 256 KB；显示在登录页。',
  'school.upload': '上传标志',
  'school.save': '保存名称',
  'school.saved': '已保存',
} as const;
