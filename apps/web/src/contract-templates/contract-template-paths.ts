/** Where the contract templates' pages live in the console. */
export const CONTRACT_TEMPLATES_PATH = '/contracts/templates';

export const contractTemplatePage = (id: string | 'new'): string =>
  `${CONTRACT_TEMPLATES_PATH}/${encodeURIComponent(id)}`;
