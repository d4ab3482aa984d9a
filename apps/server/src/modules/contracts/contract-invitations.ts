// Inviting an external party and letting them in. When an external party's turn comes, a job sends
// them a link (`${publicUrl}/sign/<token>`) by SMS or email; the token is kept as its SHA-256 only and
// lives as long as the contract is open. Opening the link asks for a six-digit one-time code sent to the
// same phone or email (one a minute, five an hour, valid ten minutes, five wrong tries burn it, kept
// hashed); the right code opens a session scoped to that contract alone. Every send and every try is
// audited, never the code or the token; the sign-in is a contract event naming the masked contact.
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CodeSent, InvitationView } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { ContractInvitationTable, Database } from '../../db/schema.ts';
import { AppError, retryLater } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { findAccount } from '../auth/accounts.ts';
import { insertSession } from '../auth/auth-service.ts';
import type { OutsideSenders } from '../messages/sms/outside-senders.ts';
import { recordContractEvent } from './contract-events.ts';
import type { ContractsContext } from './contracts-context.ts';
import { maskEmail, maskPhone } from './external-parties.ts';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_INTERVAL_MS = 60_000;
export const CODES_PER_HOUR = 5;
export const CODE_TRIES = 5;
/** A session opened by a code lasts two hours (or less, to the contract's close). */
export const CODE_SESSION_MS = 2 * 3_600_000;
/** A send that failed is tried again with a new link after this long. */
export const RESEND_AFTER_MS = 5 * 60_000;

/** The contracts' context and the ways to reach people outside (SMS, email; the messages module's). */
export interface InvitationsContext extends OutsideSenders {
  contracts: ContractsContext;
}

/** Who is at the other end of a public request, for the audit and the evidence. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const codeHash = (invitationId: string, code: string) => sha256(`${invitationId}:${code}`);

interface Invited {
  invitation: Selectable<ContractInvitationTable>;
  title: string;
  name: string;
  username: string;
  phone: string | null;
  email: string | null;
}

const contactOf = (i: { channel: 'sms' | 'email'; phone: string | null; email: string | null }) =>
  i.channel === 'sms' ? maskPhone(i.phone ?? '') : maskEmail(i.email ?? '');

/** Sends the link to every external party whose turn has come and who has none yet (a job). */
export async function sendDueInvitations(ictx: InvitationsContext): Promise<number> {
  const { db, clock } = ictx.contracts;
  const now = clock();
  const due = await db
    .selectFrom('contract_parties as p')
    .innerJoin('contracts as c', 'c.id', 'p.contract_id')
    .innerJoin('external_signers as e', 'e.user_id', 'p.user_id')
    .leftJoin('contract_invitations as i', 'i.party_id', 'p.id')
    .select([
      'p.id as partyId',
      'p.contract_id as contractId',
      'p.user_id as userId',
      'c.title',
      'e.name',
      'e.phone',
      'e.email',
      'i.id as invitationId',
    ])
    .where('p.status', '=', 'ready')
    .where('c.status', '=', 'signing')
    .where((eb) =>
      eb.or([
        eb('i.id', 'is', null),
        eb.and([
          eb('i.sent_at', 'is', null),
          eb('i.created_at', '<=', new Date(now.getTime() - RESEND_AFTER_MS).toISOString()),
        ]),
      ]),
    )
    .limit(50)
    .execute();
  let sent = 0;
  for (const d of due) {
    const token = randomBytes(32).toString('base64url');
    const channel = d.phone ? ('sms' as const) : ('email' as const);
    const iso = now.toISOString();
    let id = d.invitationId;
    if (id) {
      const moved = await db
        .updateTable('contract_invitations')
        .set({ token_sha256: sha256(token), created_at: iso, send_error: null })
        .where('id', '=', id)
        .where('sent_at', 'is', null)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) continue;
    } else {
      id = randomUUID();
      const taken = await db
        .insertInto('contract_invitations')
        .values({
          id,
          contract_id: d.contractId,
          party_id: d.partyId,
          user_id: d.userId as string,
          token_sha256: sha256(token),
          channel,
          created_at: iso,
          sent_at: null,
          send_error: null,
          code_sha256: null,
          code_expires_at: null,
          code_sent_at: null,
          code_window_start: null,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      // Another worker claimed this party first.
      if (Number(taken.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
    }
    const link = `${ictx.contracts.publicUrl}/sign/${token}`;
    const words = {
      zh: `${d.name}，您好：您被邀请签署《${d.title}》。请打开 ${link} ，用验证码登录后签署。`,
      en: `${d.name}, you are invited to sign "${d.title}". Open ${link} and sign in with the code sent to you.`,
    };
    const error = await deliver(ictx, channel, d, {
      sms: `【OpenSeal】${words.zh}`,
      subject: `请签署：${d.title} / Please sign: ${d.title}`,
      text: `${words.zh}\n\n${words.en}`,
      link,
    });
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('contract_invitations')
        .set(error ? { send_error: error.slice(0, 300) } : { sent_at: iso, send_error: null })
        .where('id', '=', id)
        .execute();
      await appendAudit(
        trx,
        {
          actor: 'system',
          action: 'contract.invite',
          object: `contract:${d.contractId} party:${d.partyId} ${channel}:${contactOf({ channel, phone: d.phone, email: d.email })}`,
          outcome: error ? 'failure' : 'success',
        },
        { clock },
      );
    });
    if (!error) sent++;
  }
  return sent;
}

/** Sends one text by SMS or email; the error in words, or null when it went. */
async function deliver(
  ictx: InvitationsContext,
  channel: 'sms' | 'email',
  to: { phone: string | null; email: string | null },
  m: { sms: string; subject: string; text: string; link?: string },
): Promise<string | null> {
  if (channel === 'sms') {
    const provider = await ictx.sms();
    if (!provider) return 'no SMS provider is set up';
    const outcome = await provider.send(to.phone ?? '', m.sms);
    return outcome.ok ? null : outcome.error;
  }
  return ictx.email(to.email ?? '', {
    kind: 'contract.sign',
    title: m.subject,
    body: m.text,
    link: m.link ?? ictx.contracts.publicUrl,
  });
}

/** The invitation behind a token while its contract is open; ERR_INVITATION_INVALID otherwise. */
async function invitationFor(ictx: InvitationsContext, token: string): Promise<Invited> {
  const { db, clock } = ictx.contracts;
  const row = await db
    .selectFrom('contract_invitations as i')
    .innerJoin('contracts as c', 'c.id', 'i.contract_id')
    .innerJoin('external_signers as e', 'e.user_id', 'i.user_id')
    .innerJoin('contract_parties as p', 'p.id', 'i.party_id')
    .selectAll('i')
    .select(['c.title', 'c.status', 'c.closes_at', 'e.name', 'e.phone', 'e.email', 'p.status as partyStatus'])
    .where('i.token_sha256', '=', sha256(token))
    .executeTakeFirst();
  const now = clock().toISOString();
  if (!row) throw new AppError('ERR_INVITATION_INVALID');
  const closed = row.closes_at !== null && row.closes_at <= now;
  if (row.status !== 'signing' || closed || row.partyStatus === 'declined')
    throw new AppError('ERR_INVITATION_INVALID');
  const { title, status: _s, closes_at: _c, name, phone, email, partyStatus: _p, ...invitation } = row;
  const account = await findAccount(db, invitation.user_id);
  if (!account) throw new AppError('ERR_INVITATION_INVALID');
  return { invitation, title, name, username: account.username, phone, email };
}

export async function openInvitation(ictx: InvitationsContext, token: string): Promise<InvitationView> {
  const i = await invitationFor(ictx, token);
  return {
    contractTitle: i.title,
    signerName: i.name,
    channel: i.invitation.channel,
    contact: contactOf({ channel: i.invitation.channel, phone: i.phone, email: i.email }),
  };
}

/** A new one-time code to the invited contact, within the rate: one a minute, five an hour. */
export async function sendInvitationCode(
  ictx: InvitationsContext,
  token: string,
  meta: RequestMeta,
): Promise<CodeSent> {
  const { db, clock } = ictx.contracts;
  const i = await invitationFor(ictx, token);
  const inv = i.invitation;
  const now = clock();
  const ms = now.getTime();
  if (inv.code_sent_at && ms - Date.parse(inv.code_sent_at) < CODE_INTERVAL_MS)
    throw retryLater('ERR_CODE_RATE_LIMITED', CODE_INTERVAL_MS - (ms - Date.parse(inv.code_sent_at)));
  const windowOpen = inv.code_window_start !== null && ms - Date.parse(inv.code_window_start) < 3_600_000;
  const count = windowOpen ? inv.code_window_count : 0;
  if (count >= CODES_PER_HOUR)
    throw retryLater('ERR_CODE_RATE_LIMITED', Date.parse(inv.code_window_start as string) + 3_600_000 - ms);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(ms + CODE_TTL_MS).toISOString();
  const previous = {
    code_sha256: inv.code_sha256,
    code_expires_at: inv.code_expires_at,
    code_tries: inv.code_tries,
    code_sent_at: inv.code_sent_at,
    code_window_start: inv.code_window_start,
    code_window_count: inv.code_window_count,
  };
  // Claimed only if nobody sent one meanwhile: two requests at once send one code.
  const claimed = await db
    .updateTable('contract_invitations')
    .set({
      code_sha256: codeHash(inv.id, code),
      code_expires_at: expiresAt,
      code_tries: 0,
      code_sent_at: now.toISOString(),
      code_window_start: windowOpen ? inv.code_window_start : now.toISOString(),
      code_window_count: count + 1,
    })
    .where('id', '=', inv.id)
    .where((eb) =>
      inv.code_sent_at === null ? eb('code_sent_at', 'is', null) : eb('code_sent_at', '=', inv.code_sent_at),
    )
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw retryLater('ERR_CODE_RATE_LIMITED', CODE_INTERVAL_MS);
  const contact = contactOf({ channel: inv.channel, phone: i.phone, email: i.email });
  const words = {
    zh: `您签署《${i.title}》的验证码是 ${code}，10 分钟内有效。请勿告诉他人。`,
    en: `Your code to sign "${i.title}" is ${code}; it works for 10 minutes. Tell it to nobody.`,
  };
  const error = await deliver(ictx, inv.channel, i, {
    sms: `【OpenSeal】${words.zh}`,
    subject: `验证码 Sign-in code: ${i.title}`,
    text: `${words.zh}\n\n${words.en}`,
  });
  await appendAudit(
    db,
    {
      actor: i.username,
      action: 'contract.code-sent',
      object: `contract:${inv.contract_id} ${inv.channel}:${contact}`,
      outcome: error ? 'failure' : 'success',
      requestId: meta.requestId,
    },
    { clock },
  );
  if (error) {
    // Nothing was sent: the rate is given back, so a fixed gateway can be tried at once.
    await db.updateTable('contract_invitations').set(previous).where('id', '=', inv.id).execute();
    throw new AppError('ERR_CODE_NOT_SENT', error);
  }
  return { contact, expiresAt, nextInSeconds: CODE_INTERVAL_MS / 1000 };
}

export interface CodeSignIn {
  token: string;
  csrfToken: string;
  contractId: string;
  ttlMs: number;
}

/** The right code opens a session that reaches this contract only; each try is counted first. */
export async function signInWithCode(
  ictx: InvitationsContext,
  token: string,
  code: string,
  meta: RequestMeta,
): Promise<CodeSignIn> {
  const { db, clock } = ictx.contracts;
  const i = await invitationFor(ictx, token);
  const inv = i.invitation;
  const now = clock();
  const contact = contactOf({ channel: inv.channel, phone: i.phone, email: i.email });
  const audit = (outcome: 'success' | 'failure' | 'denied', action: string) =>
    appendAudit(
      db,
      {
        actor: i.username,
        action,
        object: `contract:${inv.contract_id} ${inv.channel}:${contact}`,
        outcome,
        requestId: meta.requestId,
      },
      { clock },
    );
  if (!inv.code_sha256 || !inv.code_expires_at || inv.code_expires_at <= now.toISOString()) {
    await audit('failure', 'contract.code-refused');
    throw new AppError('ERR_CODE_INVALID');
  }
  // The try is taken before the comparison, so parallel guesses cannot exceed five per code.
  const taken = await db
    .updateTable('contract_invitations')
    .set((eb) => ({ code_tries: eb('code_tries', '+', 1) }))
    .where('id', '=', inv.id)
    .where('code_sha256', '=', inv.code_sha256)
    .where('code_tries', '<', CODE_TRIES)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) {
    await audit('denied', 'contract.code-refused');
    throw new AppError('ERR_CODE_EXHAUSTED');
  }
  const right = timingSafeEqual(Buffer.from(codeHash(inv.id, code)), Buffer.from(inv.code_sha256));
  if (!right) {
    await audit('failure', 'contract.code-refused');
    throw new AppError(inv.code_tries + 1 >= CODE_TRIES ? 'ERR_CODE_EXHAUSTED' : 'ERR_CODE_INVALID');
  }
  const contract = await db
    .selectFrom('contracts')
    .select(['current_sha256', 'closes_at'])
    .where('id', '=', inv.contract_id)
    .executeTakeFirstOrThrow();
  const ttlMs = contract.closes_at
    ? Math.max(1_000, Math.min(CODE_SESSION_MS, Date.parse(contract.closes_at) - now.getTime()))
    : CODE_SESSION_MS;
  const who = {
    actor: i.username,
    userId: inv.user_id,
    requestId: meta.requestId,
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  const session = await db.transaction().execute(async (trx: Kysely<Database>) => {
    // One code, one session.
    const used = await trx
      .updateTable('contract_invitations')
      .set({ code_sha256: null, code_expires_at: null })
      .where('id', '=', inv.id)
      .where('code_sha256', '=', inv.code_sha256)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AppError('ERR_CODE_INVALID');
    const opened = await insertSession(trx, inv.user_id, now, { contractId: inv.contract_id, ttlMs });
    await recordContractEvent(trx, {
      contractId: inv.contract_id,
      kind: 'code-verified',
      who,
      partyId: inv.party_id,
      documentSha256: contract.current_sha256,
      detail:
        inv.channel === 'sms'
          ? `短信验证码验证手机 ${contact} / identity verified by a one-time code to phone ${contact}`
          : `邮件验证码验证邮箱 ${contact} / identity verified by a one-time code to email ${contact}`,
      at: now,
    });
    await appendAudit(
      trx,
      {
        actor: i.username,
        action: 'contract.code-accepted',
        object: `contract:${inv.contract_id} ${inv.channel}:${contact}`,
        outcome: 'success',
        requestId: meta.requestId,
      },
      { clock },
    );
    return opened;
  });
  return { token: session.token, csrfToken: session.csrfToken, contractId: inv.contract_id, ttlMs };
}
