// The requests of one contract in the contracts bench, shared by its load generator and its report.

/** In the order they are made for each contract. */
export const CONTRACT_STEPS = ['generate', 'certificate', 'prepare', 'complete', 'seal', 'evidence'] as const;
export type ContractStep = (typeof CONTRACT_STEPS)[number];

/** The signing requests the targets are about. */
export const SIGNING_STEPS: readonly ContractStep[] = ['certificate', 'prepare', 'complete', 'seal'];
