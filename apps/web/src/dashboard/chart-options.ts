import type { EChartsCoreOption } from 'echarts/core';

/** What a chart shows, as plain data: the option is built from it and the page exposes it for tests. */
export interface ChartData {
  kind: 'line' | 'bar' | 'pie';
  labels: string[];
  /** One or more series over `labels`. */
  series: { name: string; values: (number | null)[] }[];
}

/** The ECharts option of a chart's data: an axis chart (line or bar) or a pie of the first series. */
export function chartOption(data: ChartData): EChartsCoreOption {
  if (data.kind === 'pie') {
    const first = data.series[0];
    return {
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', bottom: 0 },
      series: [
        {
          type: 'pie',
          name: first?.name ?? '',
          radius: ['35%', '65%'],
          data: data.labels.map((name, i) => ({ name, value: first?.values[i] ?? 0 })),
        },
      ],
    };
  }
  return {
    tooltip: { trigger: 'axis' },
    legend: data.series.length > 1 ? { bottom: 0 } : undefined,
    grid: { left: 8, right: 16, top: 16, bottom: data.series.length > 1 ? 32 : 8, containLabel: true },
    xAxis: { type: 'category', data: data.labels, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: data.series.map((s) => ({
      type: data.kind,
      name: s.name,
      data: s.values,
      ...(data.kind === 'line' ? { smooth: true, areaStyle: { opacity: 0.15 } } : {}),
    })),
  };
}
