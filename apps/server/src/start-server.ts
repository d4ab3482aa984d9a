import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPkiRequestHandler, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import type { DemoCohort } from './demo/seed-demo-cohort.ts';
import type { DemoSchool } from './demo/seed-demo-school.ts';
import { hasAnyAccount } from './modules/auth/accounts.ts';
import { serverTimestamper } from './server-pki.ts';

/**
 * Builds the app and listens. With a loaded PKI, its TSA timestamps the audit head and its HTTP
 * services (TSA, OCSP, CRL, CA certificates under /pki/, the URLs written into issued certificates)
 * are answered on the same port ahead of Fastify; the SM2 PKI's the same way under /pki-sm2/.
 */
export async function startServer(config: ServerConfig, pki?: Pki, sm2Pki?: Pki): Promise<FastifyInstance> {
  let deps = {};
  if (pki) {
    const pkiHandler = createPkiRequestHandler(pki);
    const sm2Handler = sm2Pki && createPkiRequestHandler(sm2Pki, { prefix: '/pki-sm2' });
    deps = {
      pki,
      ...(sm2Pki ? { sm2Pki } : {}),
      timestamper: serverTimestamper(pki, sm2Pki),
      serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
        createServer((req, res) => {
          if (req.url?.startsWith('/pki/')) pkiHandler(req, res);
          else if (sm2Handler && req.url?.startsWith('/pki-sm2/')) sm2Handler(req, res);
          else handler(req, res);
        }),
    };
  }
  const app = await buildApp(config, deps);
  await app.listen({ port: config.port, host: config.host });
  return app;
}

/**
 * On the first start (no account yet) creates the demo school and, when the PKI is loaded, its
 * seals, grants and credential types; the passwords are for the caller to print once. The demo
 * (src/demo/) is loaded only then.
 */
export async function seedDemoOnFirstStart(app: FastifyInstance): Promise<DemoSchool | undefined> {
  if (await hasAnyAccount(app.db)) return undefined;
  const { seedDemo } = await import('./demo/seed-demo.ts');
  return seedDemo(app);
}

/** Adds a generated cohort of demo graduates' records of one demo credential type (a batch to try). */
export async function seedDemoCohort(app: FastifyInstance, cohort: DemoCohort): Promise<void> {
  const demo = await import('./demo/seed-demo-cohort.ts');
  await demo.seedDemoCohort(app.credentials, cohort);
}
