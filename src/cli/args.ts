/** A small argument parser for the CLI commands: `--name value` and boolean `--flag`, nothing else. */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ArgSpec {
  /** Options that take a value. */
  values: readonly string[];
  /** Options that are flags. */
  flags?: readonly string[];
}

export interface ParsedArgs {
  values: Record<string, string>;
  flags: Set<string>;
  positional: string[];
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const out: ParsedArgs = { values: {}, flags: new Set(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq > 0 ? a.slice(2, eq) : a.slice(2));
    if (spec.flags?.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
    } else if (spec.values.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      out.values[name] = v;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return out;
}

export function required(args: ParsedArgs, name: string): string {
  const v = args.values[name];
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** An integer option from `min` to `max` (`dflt` when not given); anything else is a usage error naming the range. */
export function intOption(args: ParsedArgs, name: string, dflt: number, min: number, max: number): number {
  const v = args.values[name];
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${v}"`);
  return Number(v);
}

/** Arguments without an option name, where a command takes none: a usage error (a forgotten `--args` must not send a request with empty input). */
export function noPositional(args: ParsedArgs): void {
  const n = args.positional.length;
  if (n > 0) throw new UsageError(`${n === 1 ? 'an argument' : `${n} arguments`} without an option name; every input is named (--args '<json>', --response <file>, …)`);
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1000, kb: 1000, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/** `--max-response-bytes`: bytes, or with a unit (`200MiB`, `1GB`); from 1 KiB to 4 GiB. */
export function sizeOption(args: ParsedArgs, name: string, dflt: number): number {
  const v = args.values[name];
  if (v === undefined) return dflt;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim());
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  const n = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(n >= 1024 && n <= 4 * 1024 ** 3)) throw new UsageError(`--${name} must be a size from 1024 bytes to 4GiB (bytes, or with KiB/MiB/GiB/KB/MB/GB), got "${v}"`);
  return n;
}
