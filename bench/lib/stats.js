'use strict';
/** Small statistics and formatting helpers. */

function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function min(xs) {
  return Math.min(...xs.filter((x) => Number.isFinite(x)));
}

function max(xs) {
  return Math.max(...xs.filter((x) => Number.isFinite(x)));
}

/** Per-round ratios of `samples` to `limit` (same round index). */
function ratios(samples, limit) {
  const out = [];
  for (let i = 0; i < Math.min(samples.length, limit.length); i++) out.push(samples[i] / limit[i]);
  return out;
}

/** `[first, ...rest]` rotated left by `r`. */
function rotate(list, r) {
  const k = r % list.length;
  return list.slice(k).concat(list.slice(0, k));
}

function fmtRatio(x) {
  if (!Number.isFinite(x)) return '—';
  if (x >= 100) return `${x.toFixed(0)}x`;
  if (x >= 10) return `${x.toFixed(1)}x`;
  return `${x.toFixed(2)}x`;
}

/** A number with 3 significant digits (no exponent). */
function sig(x) {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

function fmtValue(x, unit) {
  if (!Number.isFinite(x)) return '—';
  switch (unit) {
    case 'ms':
      return x >= 1000 ? `${sig(x / 1000)} s` : x < 1 ? `${sig(x * 1000)} µs` : `${sig(x)} ms`;
    case 'bytes':
      return Math.abs(x) >= 1024 * 1024 ? `${sig(x / (1024 * 1024))} MB` : Math.abs(x) >= 1024 ? `${sig(x / 1024)} KB` : `${Math.round(x)} B`;
    case 'count':
      return String(Math.round(x));
    default:
      return `${sig(x)} ${unit}`;
  }
}

module.exports = { median, min, max, ratios, rotate, fmtRatio, fmtValue, sig };
