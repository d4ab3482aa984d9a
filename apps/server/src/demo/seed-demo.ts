import type { FastifyInstance } from 'fastify';
import { seedDemoContractTemplates } from './seed-demo-contract-templates.ts';
import { seedDemoCredentials } from './seed-demo-credentials.ts';
import { type DemoSchool, seedDemoSchool } from './seed-demo-school.ts';
import { seedDemoSeals } from './seed-demo-seals.ts';

/**
 * The demo school and, when the PKI is loaded, its seals, grants and credential types with their
 * records. Every row is written through the modules' exported service functions.
 */
export async function seedDemo(app: FastifyInstance): Promise<DemoSchool> {
  const demo = await seedDemoSchool(app.db);
  if (app.seals.pki && app.seals.kek) {
    await seedDemoSeals(app.seals, demo);
    await seedDemoCredentials(app.credentials, demo);
    await seedDemoContractTemplates(app.db, demo);
  }
  return demo;
}
