import { randomUUID } from 'node:crypto';
import type { RealNameProvider } from './real-name-provider.ts';
import { validIdNumber } from './real-name-provider.ts';

/**
 * The demo's provider (OPENSEAL_DEMO=1 only): an ID number with a valid GB 11643 check character
 * passes, anything else does not. It offers the face step so the flow can be seen end to end, and
 * passes any photo the platform accepted as an image: no liveness, no comparison, and the evidence
 * names it 'face (demo provider)'. It proves nothing about a real person and says so in its name.
 */
export const demoRealNameProvider: RealNameProvider = {
  name: '演示实名服务（不核验真实身份）Demo provider, checks nothing real',
  capabilities: { face: true },
  async check(query) {
    const passed = validIdNumber(query.idNumber);
    return {
      passed,
      method: query.phone ? 'three-element' : 'two-element',
      reference: `demo-${randomUUID()}`,
      ...(passed ? {} : { reason: 'the ID number check character is wrong' }),
    };
  },
  async checkFace(query) {
    const passed = validIdNumber(query.idNumber);
    return {
      passed,
      liveness: 'not-checked',
      match: 'not-checked',
      label: 'face (demo provider)',
      reference: `demo-face-${randomUUID()}`,
      ...(passed ? {} : { reason: 'the ID number check character is wrong' }),
    };
  },
};
