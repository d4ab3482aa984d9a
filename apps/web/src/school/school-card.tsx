import { UploadOutlined } from '@ant-design/icons';
import { routes } from '@openseal/contract';
import { App, Button, Card, Form, Input, Space, Typography, Upload } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** 学校信息 for the system admin: the name and logo the sign-in page shows. */
export function SchoolCard() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const school = useApiGet(routes.getSchool);
  const profile = school.load.status === 'ready' ? school.load.data : null;

  async function rename(values: { nameZh: string; nameEn: string }) {
    try {
      await api.call(routes.putSchoolName, { body: values });
      void message.success(t('school.saved'));
      school.reload();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  async function upload(file: File) {
    try {
      await api.call(routes.postSchoolLogo, { body: file, contentType: file.type });
      void message.success(t('school.saved'));
      school.reload();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  return (
    <Card title={<Typography.Text strong>{t('school.title')}</Typography.Text>} data-testid="school-card">
      {profile && (
        <Form
          layout="vertical"
          initialValues={{ nameZh: profile.nameZh, nameEn: profile.nameEn }}
          onFinish={(values) => void rename(values)}
          style={{ maxWidth: 480 }}
        >
          <Form.Item label={t('school.nameZh')} name="nameZh" rules={[{ required: true }]}>
            <Input data-testid="school-name-zh" maxLength={100} />
          </Form.Item>
          <Form.Item label={t('school.nameEn')} name="nameEn" rules={[{ required: true }]}>
            <Input data-testid="school-name-en" maxLength={200} />
          </Form.Item>
          <Form.Item label={t('school.logo')} extra={t('school.logoHint')}>
            <Space align="center" wrap>
              {profile.logoUrl && (
                <img src={profile.logoUrl} alt="" height={48} data-testid="school-logo-preview" />
              )}
              <Upload
                accept=".png,.svg,image/png,image/svg+xml"
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="school-logo-upload">
                  {t('school.upload')}
                </Button>
              </Upload>
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="school-save">
            {t('school.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
