import { randomUUID } from 'node:crypto';
import type { RealNameProvider } from './real-name-provider.ts';
import { validIdNumber } from './real-name-provider.ts';

/**
 * The demo's provider (OPENSEAL_DEMO=1 only): an ID number with a valid GB 11643 check character
 * passes, anything else does not. It proves nothing about a real person and says so in its name.
 */
export const demoRealNameProvider: RealNameProvider = {
  name: '演示实名服务（不核验真实身份）Demo provider, checks nothing real',
  async check(query) {
    const passed = validIdNumber(query.idNumber);
    return {
      passed,
      method: query.phone ? 'three-element' : 'two-element',
      reference: `demo-${randomUUID()}`,
      ...(passed ? {} : { reason: 'the ID number check character is wrong' }),
    };
  },
};
