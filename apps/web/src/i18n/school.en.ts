import type { schoolZh } from './school.zh-CN.ts';

export const schoolEn: Readonly<Record<keyof typeof schoolZh, string>> = {
  'school.title': 'School',
  'school.nameZh': 'Name in Chinese',
  'school.nameEn': 'Name in English',
  'school.logo': 'Logo',
  'school.logoHint': 'PNG or SVG, at most 256 KB; shown on the sign-in page.',
  'school.upload': 'Upload a logo',
  'school.save': 'Save the name',
  'school.saved': 'Saved',
};
