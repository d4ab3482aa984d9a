import { Col, Row } from 'antd';
import type { ReactNode } from 'react';

/** A stamping page: the file on the left (above on narrow screens), the form beside it. */
export function StampLayout({ preview, panel }: { preview: ReactNode; panel: ReactNode }) {
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={14}>
        {preview}
      </Col>
      <Col xs={24} xl={10}>
        {panel}
      </Col>
    </Row>
  );
}
