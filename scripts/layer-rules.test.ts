// The layer rules of docs/architecture.md, checked over the source of the whole repository. A failure
// lists each offending import or query as `path:line: the rule in plain words`.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_OWNERS } from '../apps/server/src/db/table-owners.ts';
import {
  commonStandsAlone,
  demoLoadedOnlyForTheDemo,
  describeViolations,
  LAYER_RULES,
  loadRepo,
  modulesQueryOwnTables,
  noServerModuleCycles,
  packagesNeverImportApps,
  pdfSignCoreStandsAlone,
  pdfSignValidateNeverSigns,
  pluginsQueryNoTable,
  publicEntryOnly,
  type Repo,
  type Violation,
  webImportsOnlyContract,
} from './layers/layer-rules.ts';
import { scanSource } from './layers/source-scan.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the layer rules hold in this repository', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = loadRepo(root, TABLE_OWNERS);
  });

  for (const [rule, check] of Object.entries(LAYER_RULES)) {
    it(rule, () => {
      const violations = check(repo);
      expect(violations.length, `\n${describeViolations(violations)}\n`).toBe(0);
    });
  }

  it('every table owner is a server module folder', () => {
    const modules = readdirSync(new URL('../apps/server/src/modules', import.meta.url));
    const unknown = Object.entries(TABLE_OWNERS).filter(([, owner]) => !modules.includes(owner));
    expect(unknown, 'tables owned by a module that does not exist').toEqual([]);
  });
});

/** A repository of a few in-memory files, every one parsed in full. */
function fakeRepo(files: Record<string, string>): Repo {
  return {
    files: Object.entries(files).map(([path, text]) => ({ path, ...scanSource(path, text) })),
    workspaces: [
      { dir: 'packages/common', name: '@openseal/common' },
      { dir: 'packages/contract', name: '@openseal/contract' },
      { dir: 'packages/pki', name: '@openseal/pki' },
      { dir: 'packages/pdf-sign', name: '@openseal/pdf-sign', subpaths: ['./test-support'] },
      { dir: 'packages/templates', name: '@openseal/templates' },
      { dir: 'apps/server', name: '@openseal/server' },
      { dir: 'apps/web', name: '@openseal/web' },
    ],
    tableOwners: { users: 'auth', role_grants: 'users', seals: 'seals', approval_requests: 'approvals' },
  };
}

const where = (violations: Violation[]) => violations.map((v) => `${v.file}:${v.line}`);

describe('each rule names the file, line and rule of a violation', () => {
  it('a package importing an app, by path or by name', () => {
    const repo = fakeRepo({
      'packages/pki/src/a.ts': "import { x } from '../../../apps/server/src/app.ts';\n",
      'packages/pki/test/b.ts': "\nimport type { Y } from '@openseal/server';\n",
      'packages/pki/src/c.ts': "import { z } from '@openseal/common';\n",
    });
    const found = packagesNeverImportApps(repo);
    expect(where(found)).toEqual(['packages/pki/src/a.ts:1', 'packages/pki/test/b.ts:2']);
    expect(found[0]!.rule).toContain('a package must never import an app');
  });

  it('the console importing anything but the contract', () => {
    const repo = fakeRepo({
      'apps/web/src/a.tsx': [
        "import { Route } from '@openseal/contract';",
        "import { sign } from '@openseal/pdf-sign';",
        "import { seal } from '../../server/src/modules/seals/seals-service.ts';",
        "import { Page } from './page.tsx';",
        "const lazy = () => import('@openseal/contract/src/routes.ts');",
      ].join('\n'),
    });
    expect(where(webImportsOnlyContract(repo))).toEqual([
      'apps/web/src/a.tsx:2',
      'apps/web/src/a.tsx:3',
      'apps/web/src/a.tsx:5',
    ]);
    expect(webImportsOnlyContract(repo)[0]!.rule).toContain("may import only '@openseal/contract'");
  });

  it("pdf-sign's core reaching above itself, and validate/ reaching sign/", () => {
    const repo = fakeRepo({
      'packages/pdf-sign/src/core/a.ts': [
        "import { lex } from './lexer.ts';",
        "import { PdfError } from '@openseal/common';",
        "import { placeholder } from '../sign/placeholder.ts';",
        "import { render } from '@openseal/templates';",
      ].join('\n'),
      'packages/pdf-sign/src/validate/b.ts':
        "import { diff } from './diff.ts';\nexport { sign } from '../sign/sign.ts';\n",
    });
    expect(where(pdfSignCoreStandsAlone(repo))).toEqual([
      'packages/pdf-sign/src/core/a.ts:3',
      'packages/pdf-sign/src/core/a.ts:4',
    ]);
    expect(where(pdfSignValidateNeverSigns(repo))).toEqual(['packages/pdf-sign/src/validate/b.ts:2']);
    expect(pdfSignValidateNeverSigns(repo)[0]!.rule).toContain('validate/ must never import sign/');
  });

  it('the common package importing another workspace package', () => {
    const repo = fakeRepo({
      'packages/common/src/a.ts': "import { x } from './x.ts';\nimport { ERR } from '@openseal/contract';\n",
    });
    expect(where(commonStandsAlone(repo))).toEqual(['packages/common/src/a.ts:2']);
  });

  it('a test or bench reaching into a package past its public entries', () => {
    const repo = fakeRepo({
      'apps/server/test/a.test.ts': [
        "import { sign } from '@openseal/pdf-sign';",
        "import { IncrementalWriter } from '../../../packages/pdf-sign/src/core/incremental-writer.ts';",
        "import { token } from '@openseal/pki/src/pkcs11/token.ts';",
        "import { app } from '../src/app.ts';",
        "import { pyhanko } from '@openseal/pdf-sign/test-support';",
      ].join('\n'),
      'bench/b.ts':
        "import { insertRecords } from '../apps/server/src/modules/credentials/records-service.ts';\n",
    });
    expect(where(publicEntryOnly(repo))).toEqual([
      'apps/server/test/a.test.ts:2',
      'apps/server/test/a.test.ts:3',
      'bench/b.ts:1',
    ]);
    expect(publicEntryOnly(repo)[0]!.rule).toContain("only through its public entry '@openseal/pdf-sign'");
  });

  it("a server module querying another module's table, however the call is written", () => {
    const repo = fakeRepo({
      'apps/server/src/modules/seals/a.ts': [
        'export async function f(db) {',
        "  await db.selectFrom('seals').selectAll().execute();",
        '  await db',
        "    .selectFrom('approval_requests as r')",
        "    .innerJoin('users as u', 'u.id', 'r.requester_id')",
        '    .execute();',
        '  await sql`SELECT 1 FROM role_grants`.execute(db);',
        '}',
      ].join('\n'),
      'apps/server/src/modules/seals/a.test.ts': "db.selectFrom('users');\n",
      'apps/server/src/demo/seed.ts': "db.insertInto('seals');\n",
    });
    const found = modulesQueryOwnTables(repo);
    expect(where(found)).toEqual([
      'apps/server/src/modules/seals/a.ts:4',
      'apps/server/src/modules/seals/a.ts:5',
      'apps/server/src/modules/seals/a.ts:7',
      'apps/server/src/demo/seed.ts:1',
    ]);
    expect(found[1]!.rule).toBe(
      "server module 'seals' queries table 'users' (innerJoin), which belongs to module 'auth': call an exported service function of 'auth' instead",
    );
  });

  it('a plugin querying any table, owned or not', () => {
    const repo = fakeRepo({
      'apps/server/src/plugins/session.ts': [
        'export async function find(db, id) {',
        "  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();",
        '}',
        'export const drop = (db) =>',
        "  db.deleteFrom('kysely_migration').execute();",
      ].join('\n'),
      'apps/server/src/plugins/authorize.ts': [
        'export async function path(opts, db, unitId) {',
        '  return opts.orgPath(db, unitId);',
        '}',
      ].join('\n'),
      'apps/server/src/plugins/session.test.ts': "db.selectFrom('sessions');\n",
      'apps/server/src/modules/auth/sessions.ts': "db.selectFrom('users');\n",
    });
    const found = pluginsQueryNoTable(repo);
    expect(where(found)).toEqual([
      'apps/server/src/plugins/session.ts:2',
      'apps/server/src/plugins/session.ts:5',
    ]);
    expect(found[0]!.rule).toBe(
      "plugins must not query tables, but this queries 'users' (selectFrom): let the app pass the plugin an exported service function of 'auth' in its options",
    );
    expect(found[1]!.rule).toContain("queries 'kysely_migration' (deleteFrom)");
    expect(modulesQueryOwnTables(repo)).toEqual([]);
  });

  it('server modules importing each other in a cycle (a type-only import makes none)', () => {
    const repo = fakeRepo({
      'apps/server/src/modules/org/a.ts': "import { insertUser } from '../users/users-service.ts';\n",
      'apps/server/src/modules/users/users-service.ts':
        "\nimport { subtree } from '../org/org-service.ts';\n",
      'apps/server/src/modules/auth/b.ts': "import { session } from '../../plugins/session.ts';\n",
      'apps/server/src/plugins/session.ts': "import type { Grant } from '../modules/auth/b.ts';\n",
    });
    const found = noServerModuleCycles(repo);
    expect(where(found)).toEqual([
      'apps/server/src/modules/org/a.ts:1',
      'apps/server/src/modules/users/users-service.ts:2',
    ]);
    expect(found[0]!.rule).toContain(
      "server modules must not import each other in a cycle (org, users): 'org' imports 'users'",
    );
  });

  it('server code loading the demo with the file instead of on its seed path', () => {
    const repo = fakeRepo({
      'apps/server/src/start-server.ts': [
        "import type { DemoSchool } from './demo/seed-demo-school.ts';",
        "const seed = () => import('./demo/seed-demo.ts');",
      ].join('\n'),
      'apps/server/src/modules/credentials/templates-service.ts':
        "import { demoRecordFor } from '../../demo/credentials/sample-people.ts';\n",
      'apps/server/src/demo/seed-demo.ts': "import { seedDemoSchool } from './seed-demo-school.ts';\n",
      'apps/server/test/demo.test.ts': "import { seedDemoSchool } from '../src/demo/seed-demo-school.ts';\n",
    });
    const found = demoLoadedOnlyForTheDemo(repo);
    expect(where(found)).toEqual(['apps/server/src/modules/credentials/templates-service.ts:1']);
    expect(found[0]!.rule).toContain('may load the demo only with import() on its seed path');
  });
});
