// A horizontal bar chart drawn on the server as SVG: no client-side charting library, no inline
// styles (the Content-Security-Policy allows none). The SVG is an image with a title and a
// description; the same numbers are in the table the page puts beside it, for every reader.
import { useId } from "react";

export interface Bar {
  label: string;
  /** 0 to 1. */
  value: number;
  /** What the bar says at its end ("12 of 15 (80.0%)"). */
  text: string;
}

export function BarChart({ title, description, bars }: { title: string; description: string; bars: Bar[] }) {
  const id = useId();
  const rowHeight = 28;
  const labelWidth = 260;
  const barWidth = 300;
  const width = labelWidth + barWidth + 160;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  return (
    <svg
      className="app-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((b, i) => {
        const y = i * rowHeight + 4;
        const w = Math.max(0, Math.min(1, b.value)) * barWidth;
        return (
          <g key={i} aria-hidden="true">
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="14" fill="#0b0c0c">
              {b.label.length > 36 ? `${b.label.slice(0, 35)}…` : b.label}
            </text>
            <rect x={labelWidth} y={y + 3} width={barWidth} height={rowHeight - 10} fill="#f3f2f1" />
            <rect x={labelWidth} y={y + 3} width={w} height={rowHeight - 10} fill="#1d70b8" />
            <text x={labelWidth + barWidth + 8} y={y + 17} fontSize="14" fill="#0b0c0c">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
