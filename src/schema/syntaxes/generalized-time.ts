/**
 * Generalized Time (RFC 4517 §3.3.13):
 *
 *   GeneralizedTime = century year month day hour [ minute [ second / leap-second ] ]
 *                     [ fraction ] g-time-zone
 *   fraction        = ( DOT / COMMA ) 1*(%x30-39)
 *   g-time-zone     = %x5A / g-differential      ; "Z" or +hhmm / -hhmm
 *
 * Parsed to milliseconds since the epoch in UTC; the fraction applies to the
 * last field given (a fraction of an hour when minutes are absent).
 */
const TIME =
  /^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})?)?(?:[.,]([0-9]+))?(Z|[+-][0-9]{2}(?:[0-9]{2})?)$/;

export function parseGeneralizedTime(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = m[5] === undefined ? undefined : Number(m[5]);
  const second = m[6] === undefined ? undefined : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || hour > 23) return undefined;
  if (minute !== undefined && minute > 59) return undefined;
  if (second !== undefined && second > 60) return undefined; // 60: leap second
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCMonth() !== month - 1) return undefined; // 31 February
  let ms = d.getTime() + hour * 3_600_000 + (minute ?? 0) * 60_000 + (second ?? 0) * 1000;
  if (m[7] !== undefined) {
    const unit = second !== undefined ? 1000 : minute !== undefined ? 60_000 : 3_600_000;
    ms += Math.floor(Number(`0.${m[7]}`) * unit);
  }
  const zone = m[8]!;
  if (zone !== 'Z') {
    const zh = Number(zone.slice(1, 3));
    const zm = zone.length > 3 ? Number(zone.slice(3, 5)) : 0;
    if (zh > 23 || zm > 59) return undefined;
    const offset = (zh * 60 + zm) * 60_000;
    ms += zone.startsWith('+') ? -offset : offset;
  }
  return ms;
}

/** `YYYYMMDDHHMMSS.mmmZ`, fixed width so that it sorts bytewise in time order (years 0–9999). */
export function formatUtcTime(ms: number): string | undefined {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) return undefined;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(year, 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}Z`;
}
