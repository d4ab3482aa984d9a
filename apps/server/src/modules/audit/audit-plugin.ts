import type { Timestamper } from '@openseal/pki';
import type { FastifyPluginAsync } from 'fastify';
import { stampHeadIfAdvanced } from './audit-anchor.ts';

export interface AuditPluginOptions {
  /** The built-in or an external TSA; without one the head is not timestamped. */
  timestamper?: Timestamper;
  /** Default one hour (the "at least hourly"). */
  anchorIntervalMs?: number;
}

const HOUR_MS = 3_600_000;

/** Timestamps the audit chain head periodically, and once more when the server closes. */
export const auditPlugin: FastifyPluginAsync<AuditPluginOptions> = async (app, opts) => {
  const { timestamper } = opts;
  if (!timestamper) {
    app.log.warn('no TSA configured: the audit chain head is not timestamped');
    return;
  }
  let running: Promise<unknown> = Promise.resolve();
  const stamp = () => {
    running = stampHeadIfAdvanced(app.db, timestamper).then(
      (anchor) => anchor && app.log.info({ seq: anchor.seq }, 'audit head timestamped'),
      (err) => app.log.error({ err }, 'timestamping the audit head failed'),
    );
    return running;
  };
  const timer = setInterval(stamp, opts.anchorIntervalMs ?? HOUR_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
    await stamp();
  });
};
