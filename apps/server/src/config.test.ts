import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 8080, ./data and SQLite inside it', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe(resolve('data'));
    expect(c.database).toEqual({ dialect: 'sqlite', file: join(resolve('data'), 'openseal.db') });
  });

  it('reads when audit checkpoints are written, and refuses values that are not positive', () => {
    expect(loadConfig({}).auditCheckpoints).toBeUndefined();
    expect(
      loadConfig({ OPENSEAL_AUDIT_CHECKPOINT_MINUTES: '2.5', OPENSEAL_AUDIT_CHECKPOINT_ENTRIES: '200' })
        .auditCheckpoints,
    ).toEqual({ intervalMs: 150_000, everyEntries: 200 });
    expect(() =>
      loadConfig({ OPENSEAL_AUDIT_CHECKPOINT_MINUTES: '0', OPENSEAL_AUDIT_CHECKPOINT_ENTRIES: '1.5' }),
    ).toThrow(
      /OPENSEAL_AUDIT_CHECKPOINT_MINUTES must be a positive number[\s\S]*OPENSEAL_AUDIT_CHECKPOINT_ENTRIES must be a positive integer/,
    );
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/openseal', PORT: '9000' });
    expect(c.database).toEqual({ dialect: 'postgres', url: 'postgres://u:p@db:5432/openseal' });
    expect(c.port).toBe(9000);
  });

  it('lists every problem at once and never echoes a DATABASE_URL password', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '80a', DATABASE_URL: 'mysql://root:hunter2@db/x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = error instanceof ConfigError ? error.problems : [];
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT.*80a/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL.*"mysql"/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect((error as Error).message).not.toContain('hunter2');
  });
  it('reads the school time zone (default Asia/Shanghai) and refuses a name Intl does not know', () => {
    expect(loadConfig({}).timeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ OPENSEAL_TIME_ZONE: 'Asia/Urumqi' }).timeZone).toBe('Asia/Urumqi');
    expect(() => loadConfig({ OPENSEAL_TIME_ZONE: 'Beijing' })).toThrow(/OPENSEAL_TIME_ZONE.*"Beijing"/);
  });

  it('is in demo mode only when OPENSEAL_DEMO=1', () => {
    expect(loadConfig({}).demo).toBe(false);
    expect(loadConfig({ OPENSEAL_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ OPENSEAL_DEMO: '0' }).demo).toBe(false);
    expect(() => loadConfig({ OPENSEAL_DEMO: 'yes' })).toThrow(/OPENSEAL_DEMO/);
  });
});
