import { useParams } from 'react-router-dom';
import { TemplateEditor } from '../credentials-admin/template-editor.tsx';
import { TemplateList } from '../credentials-admin/template-list.tsx';

/** 凭证模板 (template admin): the list at /templates, the designer at /templates/:id and /templates/new. */
export function TemplatesPage() {
  const { id } = useParams();
  return id ? <TemplateEditor key={id} id={id} /> : <TemplateList />;
}
