import type { SampleRecordSource } from '../modules/credentials/templates-service.ts';
import { findDemoCredentialType } from './credentials/credential-types.ts';
import { DEMO_STUDENT_USERNAME_RECORD, demoRecordFor, demoStaff } from './credentials/sample-people.ts';

/**
 * What a demo credential type previews with while no record of it is stored: the record of the demo
 * account `student`, or of the first demo staff member. Other types have none.
 */
export const demoSampleRecord: SampleRecordSource = async (typeCode, audience, now) => {
  if (!findDemoCredentialType(typeCode)) return undefined;
  const person = audience === 'student' ? DEMO_STUDENT_USERNAME_RECORD.student : demoStaff(1)[0];
  return person ? demoRecordFor(typeCode, person, now) : undefined;
};
