'use strict';
/**
 * Fidelity check: the first difference between a decoded value and the expected typed value, or
 * null. Dates must be Date instances with the same instant (within 1 ms: 7 fractional digits may be
 * truncated or rounded); numbers must be numbers, booleans booleans, nil must be null (not absent,
 * not ''), arrays must be arrays of the same length. Keys whose value is `undefined` count as absent.
 */
function firstDifference(actual, expected, path = '$') {
  if (expected === null) return actual === null ? null : `${path}: expected null, got ${show(actual)}`;
  if (expected instanceof Date) {
    if (!(actual instanceof Date)) return `${path}: expected a Date (${expected.toISOString()}), got ${show(actual)}`;
    return Math.abs(actual.getTime() - expected.getTime()) < 1 ? null : `${path}: expected ${expected.toISOString()}, got ${isNaN(actual) ? 'Invalid Date' : actual.toISOString()}`;
  }
  if (expected instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array)) return `${path}: expected bytes, got ${show(actual)}`;
    return Buffer.compare(Buffer.from(actual), Buffer.from(expected)) === 0 ? null : `${path}: bytes differ`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array of ${expected.length}, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
    for (const k of Object.keys(expected)) {
      if (!(k in actual) || actual[k] === undefined) return `${path}.${k}: missing (expected ${show(expected[k])})`;
      const d = firstDifference(actual[k], expected[k], `${path}.${k}`);
      if (d) return d;
    }
    for (const k of Object.keys(actual)) {
      if (actual[k] !== undefined && !(k in expected)) return `${path}.${k}: unexpected (${show(actual[k])})`;
    }
    return null;
  }
  if (typeof actual !== typeof expected || actual !== expected) {
    if (typeof expected === 'number' && Number.isNaN(expected) && Number.isNaN(actual)) return null;
    return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  return null;
}

function show(v) {
  if (v === undefined) return 'undefined';
  if (v instanceof Date) return `Date ${isNaN(v) ? 'Invalid' : v.toISOString()}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'object' && v !== null) return 'object';
  return `${typeof v} ${String(v)}`;
}

module.exports = { firstDifference };
