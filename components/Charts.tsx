// Small SVG charts drawn from the filtered set; colours come from the page's CSS variables (light and dark).
import type { Bar } from '../utils/filters';
import { formatPercent } from '../utils/stats';

export function BarList({ title, bars, label = (s) => s, showFalse = true }: { title: string; bars: Bar[]; label?: (s: string) => string; showFalse?: boolean }) {
  const max = Math.max(1, ...bars.map((b) => b.total));
  return (
    <figure class="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p class="muted">No tags in this view.</p>
      ) : (
        <ul class="bars">
          {bars.slice(0, 12).map((b) => (
            <li key={b.label}>
              <span class="bar-label" title={label(b.label)}>
                {label(b.label)}
              </span>
              <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={`${label(b.label)}: ${b.total}${showFalse ? `, ${b.false} false` : ''}`}>
                <rect class="bar-total" x="0" y="0" height="10" width={(b.total / max) * 100} />
                {showFalse && <rect class="bar-false" x="0" y="0" height="10" width={(b.false / max) * 100} />}
              </svg>
              <span class="bar-value">
                {b.total}
                {showFalse && b.total > 0 && <span class="muted"> · {formatPercent(b.false / b.total, 0)} false</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** Tagged per day as columns, the false share of each day as a line. */
export function PerDayChart({ days }: { days: Bar[] }) {
  const width = 600;
  const height = 140;
  const max = Math.max(1, ...days.map((d) => d.total));
  const step = days.length > 0 ? width / days.length : width;
  const points = days.map((d, i) => `${i * step + step / 2},${height - (d.total ? (d.false / d.total) * height : 0)}`).join(' ');
  return (
    <figure class="chart chart--wide" aria-label="Tagged per day, with the false rate">
      <figcaption>
        Per day: tagged <span class="key key--total" /> and false rate <span class="key key--line" />
      </figcaption>
      {days.length === 0 ? (
        <p class="muted">No tags in this view.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={days.map((d) => `${d.label}: ${d.total} tagged, ${d.false} false`).join('; ')}>
          {days.map((d, i) => (
            <g key={d.label}>
              <rect class="bar-total" x={i * step + step * 0.15} width={step * 0.7} y={height - (d.total / max) * height} height={(d.total / max) * height} />
              {(days.length <= 14 || i % Math.ceil(days.length / 14) === 0) && (
                <text class="axis" x={i * step + step / 2} y={height + 14} text-anchor="middle">
                  {d.label.slice(5)}
                </text>
              )}
            </g>
          ))}
          <polyline class="rate-line" points={points} fill="none" />
        </svg>
      )}
    </figure>
  );
}
