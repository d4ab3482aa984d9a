import { ConfigError, type LoadedConfig, loadConfig } from '@openseal/server';
import { CliError } from './cli-error.ts';

/**
 * The server's settings as the server reads them (its config module: the environment, its defaults,
 * its checks), with each flag given on the command line in place of its variable. The CLI keeps no
 * defaults of its own, so `openseal` and the server it starts never disagree about a setting.
 */
export function serverSettings(flags: Readonly<Record<string, string | number | undefined>>): LoadedConfig {
  const given = Object.entries(flags).filter(([, value]) => value !== undefined);
  try {
    return loadConfig({ ...process.env, ...Object.fromEntries(given.map(([k, v]) => [k, String(v)])) });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message);
    throw e;
  }
}
