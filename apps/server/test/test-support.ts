// What tests outside apps/server may use of it (package subpath `@openseal/server/test-support`, as
// pdf-sign has): the spec-following CAS 3.0 server and the real OpenID Provider the SSO tests sign in
// at, the provider settings writer that configures them on a test server, and the Exim SMTP server
// the email tests deliver through.
export { saveSsoProvider } from '../src/modules/auth/sso/sso-providers.ts';
export { type CasTestServer, startCasTestServer } from './cas-test-server.ts';
export {
  type DeliveredMail,
  type Exim,
  eximMissing,
  MAIL_DOMAIN,
  SMTP_PASSWORD,
  SMTP_USER,
  startExim,
} from './exim-server.ts';
export { type OidcTestProvider, startOidcTestProvider } from './oidc-test-provider.ts';
export { startWecomTestServer, type WecomTestServer } from './wecom-test-server.ts';
