import { Empty } from 'antd';
import { useEffect, useRef } from 'react';
import { type ChartData, chartOption } from './chart-options.ts';
import { echarts } from './echarts.ts';

/**
 * One ECharts chart, sized by its box and redrawn when its data changes. The data it draws is also
 * written to `data-chart` so browser tests compare it with the API rather than with pixels.
 */
export function Chart({ data, testId, height = 280 }: { data: ChartData; testId: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const empty = data.labels.length === 0;

  useEffect(() => {
    const el = box.current;
    if (!el || empty) return;
    const chart = echarts.init(el);
    chart.setOption(chartOption(data));
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [data, empty]);

  return (
    <div data-testid={testId} data-chart={JSON.stringify(data)}>
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ height, paddingTop: height / 4 }} />
      ) : (
        <div ref={box} style={{ width: '100%', height }} />
      )}
    </div>
  );
}
