import { type Kysely, sql } from 'kysely';

// The off-hours rule's calendar comes pre-filled with China's public holidays and make-up workdays
// (调休), so a new school's security admin does not start from an empty calendar; it stays editable
// (PUT /api/risk/holidays). Dates already in a school's calendar are left as they are.
//
// 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), verbatim.
// 2027: no State Council notice was published when this was written, so only the statutory days of
// 《全国年节及纪念日放假办法》 (2024 revision) are listed, without 调休: 元旦 1 day, 春节 4 days
// (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. Lunar dates computed for Beijing time
// (正月初一 = 2027-02-06: the new moon is at 23:56 that day; ICU 78's Chinese calendar says 02-07),
// 清明 from the solar longitude of 15° (2027-04-05 08:16 Beijing). Replace them with the notice's.

type Day = readonly [date: string, name: string, workday?: 'workday'];

const range = (from: string, to: string, name: string): Day[] => {
  const out: Day[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d = new Date(d.getTime() + 86_400_000)
  )
    out.push([d.toISOString().slice(0, 10), name]);
  return out;
};

export const CN_HOLIDAYS: readonly Day[] = [
  ...range('2026-01-01', '2026-01-03', '元旦'),
  ['2026-01-04', '元旦调休上班', 'workday'],
  ['2026-02-14', '春节调休上班', 'workday'],
  ...range('2026-02-15', '2026-02-23', '春节'),
  ['2026-02-28', '春节调休上班', 'workday'],
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  ['2026-05-09', '劳动节调休上班', 'workday'],
  ...range('2026-06-19', '2026-06-21', '端午节'),
  ['2026-09-20', '国庆节调休上班', 'workday'],
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  ['2026-10-10', '国庆节调休上班', 'workday'],
  ['2027-01-01', '元旦'],
  ...range('2027-02-05', '2027-02-08', '春节'),
  ['2027-04-05', '清明节'],
  ...range('2027-05-01', '2027-05-02', '劳动节'),
  ['2027-06-09', '端午节'],
  ['2027-09-15', '中秋节'],
  ...range('2027-10-01', '2027-10-03', '国庆节'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`INSERT INTO risk_holidays (date, name, workday) VALUES ${sql.join(
    CN_HOLIDAYS.map(([date, name, workday]) => sql`(${date}, ${name}, ${workday ? 1 : 0})`),
  )} ON CONFLICT (date) DO NOTHING`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM risk_holidays WHERE date IN (${sql.join(CN_HOLIDAYS.map(([date]) => date))})`.execute(
    db,
  );
}
