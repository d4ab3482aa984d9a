import { useParams } from 'react-router-dom';
import { ContractTemplateEditor } from './contract-template-editor.tsx';
import { ContractTemplateList } from './contract-template-list.tsx';

/** 合同模板: the list at /contracts/templates, the editor at /contracts/templates/:id and …/new. */
export function ContractTemplatesPage() {
  const { id } = useParams();
  return id ? <ContractTemplateEditor key={id} id={id} /> : <ContractTemplateList />;
}
