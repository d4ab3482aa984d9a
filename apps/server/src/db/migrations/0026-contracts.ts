import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Contracts (电子合同). `contracts` is the envelope: its file is the newest signed state in the file
 * store (`current_sha256`). `contract_parties` are its signers in order, each with the account that
 * acts for it (`actor_id`: the person, or the initiator for an organisation) and the contract's
 * creation time, so lists read newest-first from one index; a person's prepared
 * signature (the file with an empty /Contents and the bytes their key signs) is kept on the party
 * row between the two requests that make it. `contract_events` is the evidence trail: every view,
 * certification, signature, decline and void with time, address, user agent and the file's hash.
 * `signer_certificates` are the certificates issued for people's own keys, one per key.
 * `contract_watchers` are the people a contract is copied to (抄送): they read it and hear when it ends.
 * `contract_seal_jobs` are counter-sealing jobs (后台批量签) with their progress and first failures.
 * `evidence_signers` holds the platform's key for sealing evidence reports, encrypted under the KEK.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = dialectOf(db) === 'sqlite' ? 'blob' : 'bytea';
  await db.schema
    .createTable('contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('initiator_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('signing_order', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    .addColumn('current_sha256', 'text', (c) => c.notNull())
    .addColumn('void_reason', 'text')
    .addColumn('void_proposed_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contracts_initiator_created')
    .on('contracts')
    .columns(['initiator_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createTable('contract_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('seal_id', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('placement', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('certificate_subject', 'text')
    .addColumn('custody', 'text')
    .addColumn('identity', 'text')
    .addColumn('identity_check', 'text')
    .addColumn('prepared', 'text')
    .addColumn('prepared_sha256', 'text')
    .addUniqueConstraint('contract_parties_position', ['contract_id', 'position'])
    .execute();
  // A person's list and "awaiting me" (the initiator's for organisations), newest first, in index order.
  await db.schema
    .createIndex('contract_parties_user_created')
    .on('contract_parties')
    .columns(['user_id', 'created_at', 'contract_id'])
    .execute();
  await db.schema
    .createIndex('contract_parties_actor_status_created')
    .on('contract_parties')
    .columns(['actor_id', 'status', 'created_at', 'contract_id'])
    .execute();
  await db.schema
    .createTable('contract_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('document_sha256', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  // The messages worker reads the events that tell someone something, kind by kind in write order.
  await db.schema
    .createIndex('contract_events_kind_at')
    .on('contract_events')
    .columns(['kind', 'at', 'id'])
    .execute();
  // Verification finds a contract by any state of its file.
  await db.schema
    .createIndex('contract_events_document')
    .on('contract_events')
    .columns(['document_sha256'])
    .execute();
  await db.schema
    .createIndex('contract_events_contract_at')
    .on('contract_events')
    .columns(['contract_id', 'at'])
    .execute();
  await db.schema
    .createTable('signer_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('spki_sha256', 'text', (c) => c.notNull())
    .addColumn('certificate', bytes, (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('signer_certificates_user_key', ['user_id', 'spki_sha256'])
    .execute();
  await db.schema
    .createTable('contract_watchers')
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contract_watchers_pk', ['contract_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('contract_watchers_user_created')
    .on('contract_watchers')
    .columns(['user_id', 'created_at', 'contract_id'])
    .execute();
  await db.schema
    .createTable('contract_seal_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('initiator_id', 'text', (c) => c.notNull())
    .addColumn('seal_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('sealed', 'integer', (c) => c.notNull())
    .addColumn('failures', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('contract_seal_jobs_initiator')
    .on('contract_seal_jobs')
    .columns(['initiator_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('evidence_signers')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('certificate', bytes, (c) => c.notNull())
    .addColumn('key_envelope', bytes, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'evidence_signers',
    'contract_seal_jobs',
    'contract_watchers',
    'signer_certificates',
    'contract_events',
    'contract_parties',
    'contracts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
