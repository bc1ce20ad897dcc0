// Charts drawn as SVG on the server: no script, no external resource, so the report page renders
// without any network access and under a strict Content-Security-Policy.

export const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626'];
const W = 640, H = 240, LEFT = 48, BOTTOM = 40, TOP = 16;

export interface Bar { readonly label: string; readonly value: number }

/** Horizontal bars (the funnel): one row per stage, value written at the end of the bar. */
export function funnelChart(title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 34, height = bars.length * rowH + 10, labelW = 220, barW = W - labelW - 70;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 5, w = Math.round((b.value / max) * barW);
    return `<text x="0" y="${y + 20}" font-size="13">${escapeHtml(b.label)}</text>`
      + `<rect x="${labelW}" y="${y + 4}" width="${w}" height="22" fill="${COLORS[0]}" rx="3"><title>${escapeHtml(`${b.label}: ${b.value}`)}</title></rect>`
      + `<text x="${labelW + w + 6}" y="${y + 20}" font-size="13">${b.value}</text>`;
  }).join('');
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

export interface Series { readonly name: string; readonly values: ReadonlyArray<number | undefined> }

/**
 * Lines over labelled points; an undefined value (withheld) leaves a gap and a hollow marker
 * at the axis, never an interpolated point.
 */
export function lineChart(title: string, labels: readonly string[], series: readonly Series[], yMin: number, yMax: number, withheldLabel: string): string {
  const plotW = W - LEFT - 16, plotH = H - TOP - BOTTOM;
  const x = (i: number) => LEFT + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (v: number) => TOP + plotH - ((v - yMin) / (yMax - yMin || 1)) * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = yMin + f * (yMax - yMin);
    return `<line x1="${LEFT}" x2="${W - 16}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${LEFT - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${Math.round(v * 10) / 10}</text>`;
  }).join('');
  const xLabels = labels.map((l, i) => `<text x="${x(i)}" y="${H - BOTTOM + 16}" font-size="11" text-anchor="middle">${escapeHtml(l)}</text>`).join('');
  const lines = series.map((s, si) => {
    const color = COLORS[si % COLORS.length]!;
    const segments: string[][] = [[]];
    const marks = s.values.map((v, i) => {
      if (v === undefined) {
        segments.push([]);
        return `<circle cx="${x(i)}" cy="${y(yMin)}" r="4" fill="none" stroke="${color}" class="withheld"><title>${escapeHtml(`${s.name}, ${labels[i] ?? ''}: ${withheldLabel}`)}</title></circle>`;
      }
      segments.at(-1)!.push(`${x(i)},${y(v)}`);
      return `<circle cx="${x(i)}" cy="${y(v)}" r="4" fill="${color}"><title>${escapeHtml(`${s.name}, ${labels[i] ?? ''}: ${Math.round(v * 100) / 100}`)}</title></circle>`;
    }).join('');
    const paths = segments.filter((p) => p.length > 1).map((p) => `<polyline fill="none" stroke="${color}" stroke-width="2" points="${p.join(' ')}"/>`).join('');
    return paths + marks;
  }).join('');
  const legend = series.map((s, si) => `<rect x="${LEFT + si * 150}" y="${H - 14}" width="12" height="12" fill="${COLORS[si % COLORS.length]}"/><text x="${LEFT + si * 150 + 16}" y="${H - 4}" font-size="12">${escapeHtml(s.name)}</text>`).join('');
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">${grid}${xLabels}${lines}${legend}</svg>`;
}
