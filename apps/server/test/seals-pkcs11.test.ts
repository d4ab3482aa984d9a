import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '@openseal/pdf-sign';
import { createTimestampAuthority, initPki, loadPki, type Pki } from '@openseal/pki';
import { createSoftHsmToken, hasSoftHsm, SOFTHSM_LIBRARY } from '@openseal/pki/test-support';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { tokenKeyLabel } from '../src/modules/seals/seal-keys.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { sealRequests } from './seal-requests.ts';
import { sealUseRequest } from './seal-use-request.ts';

const TOKEN = { tokenLabel: 'openseal-seals', pin: '246810' };

describe.skipIf(!hasSoftHsm)('seal keys in a PKCS#11 token (SoftHSM2)', () => {
  let dir: string;
  let pki: Pki;
  let app: FastifyInstance;
  let demo: DemoSchool;
  const sessions: Record<string, Session> = {};

  const tokenLabels = (): string =>
    execFileSync(
      'pkcs11-tool',
      [
        '--module',
        SOFTHSM_LIBRARY,
        '--token-label',
        TOKEN.tokenLabel,
        '--login',
        '--pin',
        TOKEN.pin,
        '--list-objects',
      ],
      { encoding: 'utf8', env: process.env },
    );

  async function call(user: string, method: 'GET' | 'POST', url: string, payload?: object) {
    return app.inject({ method, url, ...as(sessions[user] as Session), ...(payload ? { payload } : {}) });
  }
  // The office's seal admin asks; the head of 教务处 (leader) approves.
  const requests = sealRequests(call, 'sealadmin', 'leader');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openseal-hsm-'));
    createSoftHsmToken({ dir: join(dir, 'hsm'), ...TOKEN, keys: [] });
    await initPki({ dir: join(dir, 'pki'), passphrase: 'hsm-test', keyAlgorithm: 'ecdsa-p256' });
    pki = await loadPki(join(dir, 'pki'), 'hsm-test');
    const timestamper = createTimestampAuthority({
      certificate: pki.tsa.certificate,
      signer: pki.tsa.signer,
      chain: [pki.issuing.certificate],
    });
    app = await buildApp(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir: dir,
        database: { dialect: 'sqlite', file: join(dir, 'openseal.db') },
        logLevel: 'silent',
        pkcs11: { library: SOFTHSM_LIBRARY, ...TOKEN },
      },
      { pki, timestamper },
    );
    demo = await seedDemoSchool(app.db);
    for (const username of ['sealadmin', 'leader', 'creator']) {
      sessions[username] = await signInDemo(app, demo, username);
    }
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates the key inside the token, stamps with it, and destroys it there', async () => {
    const sealId = await requests.make({
      name: '成绩专用章（硬件密钥）',
      type: 'business',
      ownerUnitId: demo.units.academicAffairs,
      spec: { kind: 'round', orgName: '示范大学教务处', sealName: '成绩专用章' },
      key: { source: 'generate', store: 'pkcs11' },
    });
    const seal = (await call('sealadmin', 'GET', `/api/seals/${sealId}`)).json();
    expect(seal.keyStore).toBe('pkcs11');
    const row = await app.db
      .selectFrom('seals')
      .selectAll()
      .where('id', '=', seal.id)
      .executeTakeFirstOrThrow();
    expect(row.key_envelope).toBeNull();
    expect(tokenLabels()).toContain(tokenKeyLabel(seal.id));

    const creatorId = (
      await app.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'creator')
        .executeTakeFirstOrThrow()
    ).id;
    await requests.authorize(seal.id, { userId: creatorId });
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText('Enrollment certificate', { x: 72, y: 760, size: 18 });
    const used = await app.inject(
      sealUseRequest(
        seal.id,
        {
          pdf: await doc.save(),
          placement: { kind: 'page', page: 1, x: 420, y: 200 },
          documentType: 'certificate',
          purpose: 'enrollment certificate',
        },
        as(sessions['creator'] as Session).headers,
      ),
    );
    expect(used.statusCode, used.body).toBe(200);
    const report = await verify(used.rawPayload, { trustAnchors: [pki.root.certificate] });
    expect(report.verdict).toBe('authentic');
    expect(report.signatures[0]?.signer?.serialHex).toBe(seal.certificateSerial);

    await requests.change(seal.id, 'revoke');
    await requests.change(seal.id, 'destroy');
    expect((await call('sealadmin', 'GET', `/api/seals/${seal.id}`)).json()).toMatchObject({
      status: 'destroyed',
      keyStore: null,
    });
    expect(tokenLabels()).not.toContain(tokenKeyLabel(seal.id));
  });
});
