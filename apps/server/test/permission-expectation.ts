// What the permission matrix (permission-matrix.test.ts) expects of a route.
import type { Role } from '@openseal/contract';
import type { InjectOptions } from 'fastify';

/** Where a route's target sits: in the actor's grant subtree or beside it. */
export interface Target {
  unitId: string;
  userId: string;
  /** A physical seal owned by the unit (no key, so no PKI is needed to get past the hook). */
  sealId: string;
  n: number;
}

export interface Expectation {
  /**
   * 'unit': scoped to an org unit; 'root': school-wide; 'none': any grant carrying the permission;
   * 'service': a service key only, never a session.
   */
  kind: 'public' | 'session' | 'unit' | 'root' | 'none' | 'service';
  /** Roles allowed when in scope (session routes: every role). */
  allow: readonly Role[];
  request(t: Target): InjectOptions;
  /** The request ends the session it uses. */
  freshSession?: true;
}
