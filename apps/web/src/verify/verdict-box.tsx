import { Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';

interface VerdictBoxProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  colour: string;
  background: string;
  /** Sized and coloured by the caller. */
  icon: ReactNode;
  title: ReactNode;
  detail: ReactNode;
  titleTestId: string;
  detailTestId: string;
}

/** A big, plain verdict: a box in the verdict's colour on its pale tint, with an icon, a title and a sentence or two. */
export function VerdictBox({
  colour,
  background,
  icon,
  title,
  detail,
  titleTestId,
  detailTestId,
  ...box
}: VerdictBoxProps) {
  return (
    <div
      {...box}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        padding: 16,
        borderRadius: 8,
        border: `2px solid ${colour}`,
        background,
      }}
    >
      {icon}
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0, color: colour }} data-testid={titleTestId}>
          {title}
        </Typography.Title>
        <Typography.Paragraph style={{ margin: 0 }} data-testid={detailTestId}>
          {detail}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
