// The demo school's 4.0 grade-point scale: the one table behind every transcript's GP column, its
// GPA, and the 绩点换算说明 (GPA conversion explanation) document.

export interface GradePointBand {
  /** Lowest percentage score in the band, inclusive. */
  minScore: number;
  maxScore: number;
  gradePoint: number;
  levelZh: string;
  levelEn: string;
}

export const GRADE_POINT_BANDS: readonly GradePointBand[] = [
  { minScore: 90, maxScore: 100, gradePoint: 4.0, levelZh: '优秀', levelEn: 'Excellent' },
  { minScore: 85, maxScore: 89, gradePoint: 3.7, levelZh: '良好', levelEn: 'Good' },
  { minScore: 82, maxScore: 84, gradePoint: 3.3, levelZh: '良好', levelEn: 'Good' },
  { minScore: 78, maxScore: 81, gradePoint: 3.0, levelZh: '中等', levelEn: 'Fair' },
  { minScore: 75, maxScore: 77, gradePoint: 2.7, levelZh: '中等', levelEn: 'Fair' },
  { minScore: 72, maxScore: 74, gradePoint: 2.3, levelZh: '中等', levelEn: 'Fair' },
  { minScore: 68, maxScore: 71, gradePoint: 2.0, levelZh: '及格', levelEn: 'Pass' },
  { minScore: 64, maxScore: 67, gradePoint: 1.5, levelZh: '及格', levelEn: 'Pass' },
  { minScore: 60, maxScore: 63, gradePoint: 1.0, levelZh: '及格', levelEn: 'Pass' },
  { minScore: 0, maxScore: 59, gradePoint: 0, levelZh: '不及格', levelEn: 'Fail' },
];

/** Five-level grades (used for PE, practicals, theses) and the score each counts as. */
export const LEVEL_GRADES: readonly { levelZh: string; levelEn: string; score: number }[] = [
  { levelZh: '优秀', levelEn: 'Excellent', score: 95 },
  { levelZh: '良好', levelEn: 'Good', score: 85 },
  { levelZh: '中等', levelEn: 'Fair', score: 75 },
  { levelZh: '及格', levelEn: 'Pass', score: 65 },
  { levelZh: '不及格', levelEn: 'Fail', score: 0 },
];

export function gradePointFor(score: number): number {
  const band = GRADE_POINT_BANDS.find((b) => score >= b.minScore);
  return band?.gradePoint ?? 0;
}

/** Credit-weighted mean grade point, to two decimals (GPA = Σ credits × GP / Σ credits). */
export function gradePointAverage(courses: readonly { credits: number; gradePoint: number }[]): number {
  const credits = courses.reduce((sum, c) => sum + c.credits, 0);
  if (credits === 0) return 0;
  const points = courses.reduce((sum, c) => sum + c.credits * c.gradePoint, 0);
  return Math.round((points / credits) * 100) / 100;
}

/** "90–100" / "60–63" / "<60" as printed in the conversion table. */
export function scoreRange(band: GradePointBand): string {
  return band.minScore === 0 ? `< ${band.maxScore + 1}` : `${band.minScore}–${band.maxScore}`;
}
