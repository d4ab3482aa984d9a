// What an SMS provider does: carry one text to one mainland mobile number and say how it went. The
// callers (contract invitations and their one-time codes) decide what is sent and to whom.

export type SmsOutcome =
  | { ok: true; reference: string }
  /** `error` is the gateway's own words, never the request (which holds the secret). */
  | { ok: false; error: string };

export interface SmsProvider {
  /** Shown in the admin's settings and the audit: `demo` or `http`. */
  readonly name: 'demo' | 'http';
  send(to: string, text: string): Promise<SmsOutcome>;
}
