// Small SVG charts drawn from the filtered set; colours come from the page's CSS variables (light and dark).
import { barFalseRate, type Bar } from '../../utils/analysis/filters';
import { formatPercent } from '../../utils/analysis/stats';

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
              <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={`${label(b.label)}: ${b.total} tagged${showFalse ? `, ${b.false} false of ${b.decided} genuine or false` : ''}`}>
                <rect class="bar-total" x="0" y="0" height="10" width={(b.total / max) * 100} />
                {showFalse && <rect class="bar-false" x="0" y="0" height="10" width={(b.false / max) * 100} />}
              </svg>
              <span class="bar-value">
                {b.total}
                {showFalse && barFalseRate(b) !== null && <span class="muted"> · {formatPercent(barFalseRate(b)!, 0)} false of {b.decided}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** Tagged per day as columns, the false share of each day as dots joined by a line (right axis: 0–100%). */
export function PerDayChart({ days }: { days: Bar[] }) {
  const width = 600;
  const height = 120;
  const max = Math.max(1, ...days.map((d) => d.total));
  // Columns at most 40 units wide, so one or two days don't fill the whole chart.
  const step = days.length > 0 ? Math.min(40, width / days.length) : width;
  const left = (width - step * days.length) / 2;
  const x = (i: number) => left + i * step + step / 2;
  const rateY = (d: Bar) => height - (barFalseRate(d) ?? 0) * height;
  return (
    <figure class="chart chart--wide" aria-label="Tagged per day, with the false rate">
      <figcaption>
        Per day: tagged <span class="key key--total" /> and false rate <span class="key key--line" /> (false ÷ genuine + false; unsure left out)
      </figcaption>
      {days.length === 0 ? (
        <p class="muted">No tags in this view.</p>
      ) : (
        <svg class="per-day" viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={days.map((d) => `${d.label}: ${d.total} tagged, ${d.false} false of ${d.decided} genuine or false`).join('; ')}>
          <line class="gridline" x1="0" x2={width} y1={height} y2={height} />
          <text class="axis" x={width} y="9" text-anchor="end">
            100% false
          </text>
          <text class="axis" x="0" y="9">
            {max} tagged
          </text>
          {/* The bars and the dots as one path each: a year of days is a few elements, not a thousand, for the
              page to lay out again at every filter change. */}
          <path
            class="bar-total"
            d={days.map((d, i) => `M${x(i) - step * 0.35},${height}v${-(d.total / max) * (height - 12)}h${step * 0.7}V${height}z`).join('')}
          />
          {days.map((d, i) =>
            days.length <= 14 || i % Math.ceil(days.length / 14) === 0 ? (
              <text key={d.label} class="axis" x={x(i)} y={height + 14} text-anchor="middle">
                {d.label.slice(5)}
              </text>
            ) : null,
          )}
          <polyline class="rate-line" points={days.map((d, i) => `${x(i)},${rateY(d)}`).join(' ')} fill="none" />
          <path class="rate-dots" d={days.map((d, i) => `M${x(i)},${rateY(d)}h0`).join('')} />
        </svg>
      )}
    </figure>
  );
}
