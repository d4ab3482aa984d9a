import { Spin } from 'antd';
import { lazy, Suspense } from 'react';

// ECharts is large and only the dashboard draws charts: the view and ECharts load with this page.
const DashboardView = lazy(() =>
  import('../dashboard/dashboard-view.tsx').then((m) => ({ default: m.DashboardView })),
);

/** 智能数据报表 (/dashboard). */
export function DashboardPage() {
  return (
    <Suspense fallback={<Spin />}>
      <DashboardView />
    </Suspense>
  );
}
