// Public API of @openseal/contract: route schemas (TypeBox), error codes with zh/en messages.
export * from './audit.ts';
export * from './auth.ts';
export * from './credentials.ts';
export * from './error-body.ts';
export * from './error-codes.ts';
export * from './flows.ts';
export * from './health.ts';
export * from './org.ts';
export * from './permissions.ts';
export * from './reports.ts';
export * from './requests.ts';
export * from './risk.ts';
export * from './school.ts';
export * from './school-time.ts';
export * from './seals.ts';
export * from './users.ts';
export * from './verification.ts';
