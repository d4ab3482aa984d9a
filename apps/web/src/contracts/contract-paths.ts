export const CONTRACTS_PATH = '/contracts';
export const NEW_CONTRACT_PATH = '/contracts/new';

/** The address of one contract's page. */
export const contractPage = (id: string): string => `/contracts/${encodeURIComponent(id)}`;

/** The download name of a contract: its title, less what file systems refuse, as a PDF. */
export function contractFileName(title: string): string {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim() || 'contract';
  return `${base.slice(0, 120)}.pdf`;
}
