// A million contracts written straight into a throwaway server's SQLite file with prepared
// statements, for the list bench: rows shaped as the API writes them (contract-create.ts, the signing
// and closing steps), not made through it — at the API's rate that would take days. `creator`
// initiates every one with the 合同专用章 as second party; the first party is one of `students`
// people (the demo `student` and copies of its account), about contracts/students each; titles name
// one of 100 courses, so each course code is in about 1% of them. Not written: the PDFs (a list never
// opens them; the hashes name files that do not exist), the audit log entries and seal-ledger rows
// (their chains are not what a list reads).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';

export interface SeedPlan {
  contracts: number;
  students: number;
  /** The seed of the generator that picks students, courses and outcomes, so runs compare. */
  seed?: number;
}

export interface SeedResult {
  seconds: number;
  contracts: number;
  parties: number;
  events: number;
  /** A course code in about 1% of the titles. */
  word: string;
  /** How many of the demo student's contracts await their signature. */
  studentAwaiting: number;
}

const CONTRACT_SEAL = '示范大学合同专用章';
const DEPARTMENTS = ['MATH', 'PHYS', 'CHEM', 'BIOL', 'HIST', 'ECON', 'LAWS', 'ARTS', 'COMP', 'LING'];
const SUBJECTS = [
  'Calculus',
  'Mechanics',
  'Organic Chemistry',
  'Genetics',
  'Modern History',
  'Microeconomics',
  'Contract Law',
  'Drawing',
  'Algorithms',
  'Phonetics',
];
const COURSES = DEPARTMENTS.flatMap((d, i) =>
  Array.from({ length: 10 }, (_, j) => ({ code: `${d}${101 + j * 37}`, name: SUBJECTS[i]! })),
);
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高'];
const GIVEN = [...'伟芳娜敏静磊强洋艳杰娟涛明超秀霞平刚桂英华'];
const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';
const CONSENT = '我已阅读并同意本合同 / I have read and agree to this contract';
const BROWSER_KEY = "signer-held key: non-extractable WebCrypto key in the signer's browser";

/** mulberry32: a small seeded generator, so every run seeds the same contracts. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An event id as contract-events.ts makes one: a UUIDv7 of the event's millisecond and its order in it. */
function eventId(ms: number, n: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes.writeUInt16BE(0x7000 | (n & 0x0fff), 6);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Row = Record<string, string | number | null>;

/**
 * An INSERT for `table` of the columns it has: a column the table lacks is dropped, and a required
 * column this seeder does not know fails at once, so a schema change shows here rather than as rows
 * the API would never write.
 */
function inserter(db: SqliteDatabase.Database, table: string, known: readonly string[]): (row: Row) => void {
  const columns = db.pragma(`table_info(${table})`) as {
    name: string;
    notnull: number;
    dflt_value: unknown;
    pk: number;
  }[];
  const missing = columns.filter((c) => c.notnull && c.dflt_value === null && !known.includes(c.name));
  if (missing.length > 0)
    throw new Error(`the seeder does not fill ${table}.${missing.map((c) => c.name).join(`, ${table}.`)}`);
  const used = columns.map((c) => c.name).filter((name) => known.includes(name));
  const statement = db.prepare(
    `INSERT INTO ${table} (${used.join(', ')}) VALUES (${used.map(() => '?').join(', ')})`,
  );
  return (row) => {
    statement.run(used.map((name) => row[name] ?? null));
  };
}

function personName(i: number): string {
  const n = SURNAMES.length;
  return `${SURNAMES[i % n]}${GIVEN[Math.floor(i / n) % GIVEN.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
}

interface Person {
  id: string;
  username: string;
  displayName: string;
}

/** The demo student and `count - 1` copies of its account (same unit, grants and password hash). */
function students(db: SqliteDatabase.Database, count: number): Person[] {
  const student = db.prepare('SELECT * FROM users WHERE username = ?').get('student') as Row | undefined;
  if (!student) throw new Error('the demo school has no student');
  const grants = db.prepare('SELECT * FROM role_grants WHERE user_id = ?').all(student['id']) as Row[];
  const insertUser = inserter(db, 'users', Object.keys(student));
  const insertGrant = grants[0] ? inserter(db, 'role_grants', Object.keys(grants[0])) : undefined;
  const people: Person[] = [
    { id: String(student['id']), username: 'student', displayName: String(student['display_name']) },
  ];
  for (let i = 1; i < count; i++) {
    const person = {
      id: randomUUID(),
      username: `student-${String(i).padStart(4, '0')}`,
      displayName: personName(i),
    };
    insertUser({
      ...student,
      id: person.id,
      username: person.username,
      display_name: person.displayName,
      campus_id: null,
      email: null,
      phone: null,
    });
    for (const g of grants) insertGrant?.({ ...g, user_id: person.id });
    people.push(person);
  }
  return people;
}

const PARTY_COLUMNS = [
  'id',
  'contract_id',
  'position',
  'kind',
  'user_id',
  'seal_id',
  'name',
  'placement',
  'status',
  'signed_at',
  'decline_reason',
  'certificate_subject',
  'custody',
  'identity',
  'identity_check',
  'prepared',
  'prepared_sha256',
  // Read by the list (contract-reads.ts): who acts for the party, and the contract's creation time.
  'actor_id',
  'created_at',
];
const CONTRACT_COLUMNS = [
  'id',
  'title',
  'initiator_id',
  'unit_id',
  'status',
  'signing_order',
  'deadline',
  'closes_at',
  'original_sha256',
  'current_sha256',
  'void_reason',
  'created_at',
  'updated_at',
];
const EVENT_COLUMNS = [
  'id',
  'contract_id',
  'at',
  'kind',
  'actor',
  'party_id',
  'ip',
  'user_agent',
  'document_sha256',
  'detail',
];

/** Writes `plan.contracts` contracts into the SQLite file at `file` (the server idle meanwhile). */
export function seedContracts(file: string, plan: SeedPlan): SeedResult {
  const started = performance.now();
  const db = new SqliteDatabase(file);
  try {
    db.pragma('busy_timeout = 5000');
    // A throwaway database: its commits need not survive a power cut, and a large cache keeps the
    // random-UUID keys' B-trees in memory while they grow.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    const creator = db.prepare("SELECT id, username, unit_id FROM users WHERE username = 'creator'").get() as
      | { id: string; username: string; unit_id: string }
      | undefined;
    const seal = db.prepare('SELECT id, name FROM seals WHERE name = ?').get(CONTRACT_SEAL) as
      | { id: string; name: string }
      | undefined;
    const school = db.prepare('SELECT name_zh FROM org_units WHERE parent_id IS NULL').get() as
      | { name_zh: string }
      | undefined;
    if (!creator || !seal) throw new Error(`the demo school has no creator or no ${CONTRACT_SEAL}`);
    const schoolName = school?.name_zh ?? '示范大学';
    const people = db.transaction(() => students(db, plan.students))();
    const insertContract = inserter(db, 'contracts', CONTRACT_COLUMNS);
    const insertParty = inserter(db, 'contract_parties', PARTY_COLUMNS);
    const insertEvent = inserter(db, 'contract_events', EVENT_COLUMNS);

    const random = generator(plan.seed ?? 20261207);
    // One contract a minute up to now: the newest are the first page.
    const end = Date.now() - 60_000;
    const first = end - plan.contracts * 60_000;
    let parties = 0;
    let events = 0;
    let studentAwaiting = 0;

    const one = (i: number) => {
      const id = randomUUID();
      const person = people[Math.floor(random() * people.length)]!;
      const course = COURSES[Math.floor(random() * COURSES.length)]!;
      const createdMs = first + i * 60_000 + Math.floor(random() * 60_000);
      const created = new Date(createdMs).toISOString();
      const original = sha256(`${id}:original`);
      const signed = sha256(`${id}:signed`);
      const sealed = sha256(`${id}:sealed`);
      // 80% completed, 10% awaiting the student, 4% awaiting the stamp, 3% declined, 2% voided, 1% expired.
      let roll = random();
      // An expiry needs its deadline (a week after creation) past; a newer one still awaits the student.
      if (roll >= 0.99 && createdMs + 8 * 86_400_000 >= end) roll = 0.85;
      const outcome =
        roll < 0.8
          ? 'completed'
          : roll < 0.9
            ? 'awaiting-person'
            : roll < 0.94
              ? 'awaiting-seal'
              : roll < 0.97
                ? 'declined'
                : roll < 0.99
                  ? 'voided'
                  : 'expired';
      const personSigned = outcome === 'completed' || outcome === 'awaiting-seal';
      const signedMs = createdMs + 3_600_000 + Math.floor(random() * 86_400_000);
      const sealedMs = signedMs + 600_000 + Math.floor(random() * 86_400_000);
      const lastMs = outcome === 'completed' ? sealedMs : personSigned ? signedMs : createdMs;
      const status =
        outcome === 'completed'
          ? 'completed'
          : outcome === 'awaiting-person' || outcome === 'awaiting-seal'
            ? 'signing'
            : outcome;
      const deadline =
        outcome === 'expired' ? new Date(createdMs + 7 * 86_400_000).toISOString().slice(0, 10) : null;
      const closedMs = outcome === 'declined' || outcome === 'voided' ? createdMs + 86_400_000 : null;
      insertContract({
        id,
        title: `课程服务合同 ${course.code} ${course.name} Course contract No. ${i + 1}`,
        initiator_id: creator.id,
        unit_id: creator.unit_id,
        status,
        signing_order: 'sequential',
        deadline,
        // The end of the deadline's day in Asia/Shanghai (UTC+8).
        closes_at: deadline ? `${deadline}T16:00:00.000Z` : null,
        original_sha256: original,
        current_sha256: outcome === 'completed' ? sealed : personSigned ? signed : original,
        void_reason: outcome === 'voided' ? '合同信息有误，重新发起 / Wrong details, started again' : null,
        created_at: created,
        updated_at: new Date(closedMs ?? lastMs).toISOString(),
      });
      const personParty = randomUUID();
      const sealParty = randomUUID();
      const iso = (ms: number) => new Date(ms).toISOString();
      insertParty({
        id: personParty,
        contract_id: id,
        position: 1,
        kind: 'person',
        user_id: person.id,
        actor_id: person.id,
        name: person.displayName,
        status: personSigned ? 'signed' : outcome === 'declined' ? 'declined' : 'ready',
        signed_at: personSigned ? iso(signedMs) : null,
        decline_reason: outcome === 'declined' ? '课程时间冲突 / The course clashes with another' : null,
        certificate_subject: personSigned
          ? `CN=${person.displayName}, serialNumber=${person.username}, O=${schoolName}, C=CN`
          : null,
        custody: 'browser',
        identity: 'campus',
        created_at: created,
      });
      insertParty({
        id: sealParty,
        contract_id: id,
        position: 2,
        kind: 'organization',
        seal_id: seal.id,
        actor_id: creator.id,
        name: seal.name,
        status: outcome === 'completed' ? 'signed' : outcome === 'awaiting-seal' ? 'ready' : 'waiting',
        signed_at: outcome === 'completed' ? iso(sealedMs) : null,
        created_at: created,
      });
      parties += 2;
      if (outcome === 'awaiting-person' && person.username === 'student') studentAwaiting++;

      let n = 0;
      const event = (ms: number, kind: string, actor: string, e: Row) => {
        insertEvent({
          id: eventId(ms, n++),
          contract_id: id,
          at: iso(ms),
          kind,
          actor,
          ip: actor === 'system' ? null : '10.20.30.40',
          user_agent: actor === 'system' ? null : USER_AGENT,
          ...e,
        });
        events++;
      };
      event(createdMs, 'created', creator.username, { document_sha256: original });
      if (personSigned) {
        const p = { party_id: personParty };
        event(signedMs, 'consented', person.username, { ...p, document_sha256: original, detail: CONSENT });
        event(signedMs, 'signed', person.username, { ...p, document_sha256: signed, detail: BROWSER_KEY });
      }
      if (outcome === 'completed') {
        event(sealedMs, 'sealed', creator.username, {
          party_id: sealParty,
          document_sha256: sealed,
          detail: seal.name,
        });
        event(sealedMs, 'completed', 'system', { document_sha256: sealed });
      }
      if (outcome === 'declined')
        event(closedMs!, 'declined', person.username, { party_id: personParty, document_sha256: original });
      if (outcome === 'voided') event(closedMs!, 'voided', creator.username, { document_sha256: original });
      if (outcome === 'expired')
        event(Date.parse(`${deadline}T16:00:00.000Z`), 'expired', 'system', { document_sha256: original });
    };

    const CHUNK = 10_000;
    const chunk = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) one(i);
    });
    for (let from = 0; from < plan.contracts; from += CHUNK)
      chunk(from, Math.min(plan.contracts, from + CHUNK));
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      seconds: (performance.now() - started) / 1000,
      contracts: plan.contracts,
      parties,
      events,
      word: COURSES[37]!.code,
      studentAwaiting,
    };
  } finally {
    db.close();
  }
}
