import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPkiRequestHandler, createTimestampAuthority, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { seedDemoCredentials } from './modules/credentials/seed-demo-credentials.ts';
import { type DemoSchool, seedDemoSchoolIfEmpty } from './modules/org/seed-demo-school.ts';
import { seedDemoSeals } from './modules/seals/seed-demo-seals.ts';

/**
 * Builds the app and listens. With a loaded PKI, its TSA timestamps the audit head and its HTTP
 * services (TSA, OCSP, CRL, CA certificates under /pki/, the URLs written into issued certificates)
 * are answered on the same port ahead of Fastify.
 */
export async function startServer(config: ServerConfig, pki?: Pki): Promise<FastifyInstance> {
  let deps = {};
  if (pki) {
    const pkiHandler = createPkiRequestHandler(pki);
    const timestamper = createTimestampAuthority({
      certificate: pki.tsa.certificate,
      signer: pki.tsa.signer,
      chain: [pki.issuing.certificate],
    });
    deps = {
      pki,
      timestamper,
      serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
        createServer((req, res) => {
          if (req.url?.startsWith('/pki/')) pkiHandler(req, res);
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
 * seals and grants; the passwords are for the caller to print once.
 */
export async function seedDemoOnFirstStart(app: FastifyInstance): Promise<DemoSchool | undefined> {
  const demo = await seedDemoSchoolIfEmpty(app.db);
  if (demo && app.seals.pki && app.seals.kek) {
    await seedDemoSeals(app.seals, demo);
    await seedDemoCredentials(app.credentials, demo);
  }
  return demo;
}
