/** Scalar mapping (values.ts) and XML text escaping (xml-escape.ts). */
import {
  ValueError,
  dateTimeText,
  isDateTimeText,
  parseBase64,
  parseDateTime,
  parseDateTimeMs,
  parseIntegerText,
  rememberDateTimeText,
  rememberedDateTimeText,
  scalarCodec,
  toJsonForm,
} from '../../src/runtime/codec/values.js';
import { inspect } from 'node:util';
import { escapeText, invalidXmlCharIndex } from '../../src/runtime/xml/xml-escape.js';

describe('xs:dateTime lexical parsing', () => {
  test.each([
    ['2024-01-02T03:04:05Z', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['2024-01-02T03:04:05', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['2024-01-02T03:04:05.5+02:00', Date.UTC(2024, 0, 2, 1, 4, 5, 500)],
    ['2024-01-02T03:04:05.12-01:30', Date.UTC(2024, 0, 2, 4, 34, 5, 120)],
    ['2011-04-19T16:48:28.8939219+02:00', Date.UTC(2011, 3, 19, 14, 48, 28, 893)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['2024-12-31T24:00:00Z', Date.UTC(2025, 0, 1)],
    ['0001-01-01T00:00:00', -62135596800000],
    ['0099-03-01T00:00:00Z', Date.UTC(2099, 2, 1) - 2000 * 365.2425 * 86400000],
    ['9999-12-31T23:59:59.9999999Z', Date.UTC(9999, 11, 31, 23, 59, 59, 999)],
    ['2024-01-02T03:04:05+14:00', Date.UTC(2024, 0, 1, 13, 4, 5)],
    ['2024-01-02T03:04:05-14:00', Date.UTC(2024, 0, 2, 17, 4, 5)],
    ['12024-01-02T03:04:05Z', Date.UTC(12024, 0, 2, 3, 4, 5)],
    ['-0044-03-15T12:00:00Z', Date.UTC(-44, 2, 15, 12)],
  ])('%s', (text, ms) => {
    expect(parseDateTimeMs(text)).toBe(ms);
    expect(isDateTimeText(text)).toBe(true);
  });

  test.each([
    '',
    'not-a-date',
    '2024-01-02',
    '2024-01-02 03:04:05',
    '2024-1-02T03:04:05',
    '2024-13-02T03:04:05',
    '2024-00-02T03:04:05',
    '2023-02-29T00:00:00',
    '1900-02-29T00:00:00',
    '2024-04-31T00:00:00',
    '2024-01-02T24:00:01',
    '2024-01-02T24:00:00.1',
    '2024-01-02T23:60:00',
    '2024-01-02T23:59:60',
    '2024-01-02T03:04:05.',
    '2024-01-02T03:04:05z',
    '2024-01-02T03:04:05+15:00',
    '2024-01-02T03:04:05+14:30',
    '2024-01-02T03:04:05+0200',
    '2024-01-02T03:04:05+02:00 ',
    ' 2024-01-02T03:04:05',
    '02024-01-02T03:04:05',
    '+2024-01-02T03:04:05',
    '202-01-02T03:04:05',
  ])('invalid: "%s"', (text) => {
    expect(parseDateTimeMs(text)).toBeNaN();
    expect(isDateTimeText(text)).toBe(false);
  });

  test('offset-less values as local time on request', () => {
    const ms = parseDateTimeMs('2024-07-02T03:04:05.250', true);
    const d = new Date(ms);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()]).toEqual([2024, 6, 2, 3, 4, 5, 250]);
    expect(parseDateTimeMs('2024-07-02T03:04:05Z', true)).toBe(Date.UTC(2024, 6, 2, 3, 4, 5));
  });
});

describe('dateTime lexical memory', () => {
  test('a parsed Date remembers its text while its time is unchanged', () => {
    const d = parseDateTime('2011-04-19T16:48:28.8939219+02:00');
    expect(rememberedDateTimeText(d)).toBe('2011-04-19T16:48:28.8939219+02:00');
    expect(dateTimeText(d)).toBe('2011-04-19T16:48:28.8939219+02:00');
    d.setMilliseconds(0);
    expect(rememberedDateTimeText(d)).toBeUndefined();
    expect(dateTimeText(d)).toBe('2011-04-19T14:48:28.000Z');
  });

  test('text without an offset read as local time is remembered as such (and not taken for UTC)', () => {
    const local = parseDateTime('2024-01-02T03:04:05.1234567', true);
    expect(local.getTime()).toBe(new Date(2024, 0, 2, 3, 4, 5, 123).getTime());
    expect(dateTimeText(local)).toBe('2024-01-02T03:04:05.1234567');
    const utc = parseDateTime('2024-01-02T03:04:05.1234567');
    expect(dateTimeText(utc)).toBe('2024-01-02T03:04:05.1234567');
    local.setTime(utc.getTime());
    // same text, other reading: unchanged only when TZ is UTC
    expect(dateTimeText(local)).toBe(local.getTimezoneOffset() === 0 ? '2024-01-02T03:04:05.1234567' : local.toISOString());
  });

  test('the remembered text is invisible: keys, JSON, equality', () => {
    const d = parseDateTime('2011-04-19T16:48:28.8939219+02:00');
    expect(Object.keys(d)).toEqual([]);
    expect(JSON.stringify({ d })).toBe('{"d":"2011-04-19T14:48:28.893Z"}');
    expect(d).toEqual(new Date('2011-04-19T14:48:28.893Z'));
    // nothing reflection or inspection can see: no own keys (symbols included), the same inspect
    // output and structured clone as a Date that was never decoded
    const plain = new Date(d.getTime());
    expect(Reflect.ownKeys(d)).toEqual([]);
    expect(inspect(d)).toBe(inspect(plain));
    expect(inspect({ d }, { showHidden: true })).toBe(inspect({ d: plain }, { showHidden: true }));
    expect(structuredClone(d)).toEqual(plain);
    expect(rememberedDateTimeText(structuredClone(d))).toBeUndefined();
  });

  test('remembering again replaces the text; both readings (UTC, local) are kept apart', () => {
    const d = parseDateTime('2024-01-02T03:04:05.5Z');
    rememberDateTimeText(d, '2024-01-02T03:04:05.500Z');
    expect(dateTimeText(d)).toBe('2024-01-02T03:04:05.500Z');
    const local = parseDateTime('2024-01-02T03:04:05', true);
    expect(dateTimeText(local)).toBe('2024-01-02T03:04:05');
  });

  test('every valid wire text is written back exactly, whether kept as text or as its form', () => {
    // deterministic sweep over the lexical forms: year widths and signs, hour 24, 0-9 fraction
    // digits, no zone, Z, +hh:mm, -hh:mm (-00:00 included), both readings of zone-less text
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pad = (v: number, w = 2): string => String(v).padStart(w, '0');
    const years = ['0000', '0001', '0099', '0400', '1899', '1970', '2024', '9999', '10000', '-0044', '-10000'];
    const zones = ['', 'Z', '+00:00', '-00:00', '+02:00', '-05:30', '+14:00', '-14:00', '+09:45'];
    let checked = 0;
    for (const year of years) {
      for (const zone of zones) {
        for (let digits = 0; digits <= 9; digits++) {
          const month = 1 + rnd(12);
          const day = 1 + rnd(28);
          const clock = rnd(10) === 0 ? '24:00:00' : `${pad(rnd(24))}:${pad(rnd(60))}:${pad(rnd(60))}`;
          let fraction = '';
          for (let k = 0; k < digits; k++) fraction += clock === '24:00:00' ? '0' : String(rnd(10));
          const text = `${year}-${pad(month)}-${pad(day)}T${clock}${digits > 0 ? `.${fraction}` : ''}${zone}`;
          for (const local of [false, true]) {
            const d = parseDateTime(text, local);
            expect([text, dateTimeText(d)]).toEqual([text, text]);
            expect(rememberedDateTimeText(d)).toBe(text);
            const moved = new Date(d.getTime() + 1);
            d.setTime(d.getTime() + 1);
            expect([text, dateTimeText(d)]).toEqual([text, dateTimeText(moved)]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(years.length * zones.length * 10 * 2);
  });

  test('every day of leap and common years (0000, 1900, 2000, 2023, 2024, 9999) is written back exactly in every zone', () => {
    // the written text's date comes from the time by arithmetic (days → year, month, day): month
    // ends, February 29 and the years at both ends of 0000-9999 are where that would go wrong
    const zones = ['Z', '+14:00', '-14:00', '-05:30', ''];
    let checked = 0;
    for (const year of [0, 1900, 2000, 2023, 2024, 9999]) {
      for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2001, 0, 1); t += 86400000) {
        const day = new Date(t);
        const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
        if (day.getUTCMonth() === 1 && day.getUTCDate() === 29 && !leap) continue;
        const ymd = `${String(year).padStart(4, '0')}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
        for (const [i, zone] of zones.entries()) {
          const clock = ['00:00:00', '23:59:59.999', '12:30:45.5', '00:00:00.0000001', '23:59:59'][i];
          const text = `${ymd}T${clock}${zone}`;
          expect([text, dateTimeText(parseDateTime(text))]).toEqual([text, text]);
          checked++;
        }
      }
    }
    expect(checked).toBe((366 * 3 + 365 * 3) * zones.length);
  });

  test('remembered text of another time is not written', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    rememberDateTimeText(d, '2024-01-02T03:04:06Z');
    expect(rememberedDateTimeText(d)).toBeUndefined();
    rememberDateTimeText(d, '2024-01-02T05:04:05.0000+02:00');
    expect(dateTimeText(d)).toBe('2024-01-02T05:04:05.0000+02:00');
    rememberDateTimeText(d, 'not a date');
    expect(rememberedDateTimeText(d)).toBeUndefined();
  });

  test('a copy of a remembered Date is an ordinary Date', () => {
    const d = parseDateTime('2024-01-02T03:04:05');
    expect(dateTimeText(new Date(d))).toBe('2024-01-02T03:04:05.000Z');
  });

  test('ordinary Dates are ISO 8601 UTC; years beyond 9999 and before 0 are valid xs:dateTime', () => {
    expect(dateTimeText(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02T00:00:00.000Z');
    const far = dateTimeText(new Date(Date.UTC(12024, 0, 2)));
    expect(far).toBe('12024-01-02T00:00:00.000Z');
    expect(isDateTimeText(far)).toBe(true);
    const bc = dateTimeText(new Date(Date.UTC(-44, 2, 15)));
    expect(bc).toBe('-0044-03-15T00:00:00.000Z');
    expect(isDateTimeText(bc)).toBe(true);
  });

  test('an Invalid Date cannot be written', () => {
    expect(() => dateTimeText(new Date(NaN))).toThrow(ValueError);
  });

  test('parseDateTime throws ValueError on bad text', () => {
    expect(() => parseDateTime('2024-02-30T00:00:00')).toThrow(ValueError);
  });
});

describe('integers', () => {
  test.each([
    ['0', 0],
    ['-0', 0],
    ['+5', 5],
    ['007', 7],
    ['-2147483648', -2147483648],
    ['2147483647', 2147483647],
  ])('%s', (text, v) => {
    expect(Object.is(parseIntegerText(text, -2147483648, 2147483647), v)).toBe(true);
  });

  test.each(['', '-', '+', '1.0', '1e3', ' 1', '0x10', '2147483648', '-2147483649', '١'])('invalid int: "%s"', (text) => {
    expect(parseIntegerText(text, -2147483648, 2147483647)).toBeNaN();
  });

  test('long: never beyond the safe range', () => {
    expect(parseIntegerText('9007199254740991', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBe(9007199254740991);
    expect(parseIntegerText('9007199254740992', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBeNaN();
    expect(parseIntegerText('99999999999999999999', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBeNaN();
  });
});

describe('codecs', () => {
  const codec = (name: string) => {
    const c = scalarCodec(name);
    if (c === undefined) throw new Error(name);
    return c;
  };

  test('unknown builtins and xs:anyType have no scalar codec', () => {
    expect(scalarCodec('xs:dateTimeStamp')).toBeUndefined();
    expect(scalarCodec('xs:anyType')).toBeUndefined();
    expect(scalarCodec('toString')).toBeUndefined();
  });

  test('double/float lexical forms', () => {
    const d = codec('xs:double');
    expect(d.parse('1E-3', false)).toBe(0.001);
    expect(d.parse('.5', false)).toBe(0.5);
    expect(d.parse('5.', false)).toBe(5);
    expect(d.parse('+INF', false)).toBe(Infinity);
    expect(() => d.parse('Infinity', false)).toThrow(ValueError);
    expect(() => d.parse('inf', false)).toThrow(ValueError);
    expect(() => d.parse('', false)).toThrow(ValueError);
    expect(d.format(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(d.format(-0)).toBe('0');
    expect(d.format(1e-7)).toBe('1e-7');
  });

  test('boolean accepts true/false/1/0 only', () => {
    const b = codec('xs:boolean');
    expect([b.parse('true', false), b.parse('1', false), b.parse('false', false), b.parse('0', false)]).toEqual([true, true, false, false]);
    expect(() => b.parse('True', false)).toThrow(ValueError);
  });

  test('base64: whitespace tolerated on read, padding checked, a plain Uint8Array copy', () => {
    expect(parseBase64(' aGVs\nbG8= ')).toEqual(new Uint8Array(Buffer.from('hello')));
    expect(() => parseBase64('aGVsbG8')).toThrow(ValueError);
    expect(() => parseBase64('aGVsbG8==')).toThrow(ValueError);
    expect(() => parseBase64('a-_b')).toThrow(ValueError);
    const out = parseBase64('AQID');
    expect(out.constructor).toBe(Uint8Array);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(3);
  });

  test('collapse flags: strings keep whitespace, other scalars do not', () => {
    expect(codec('xs:string').collapse).toBe(false);
    expect(codec('xs:int').collapse).toBe(true);
    expect(codec('ser:guid').collapse).toBe(true);
  });
});

describe('toJsonForm', () => {
  test('Dates as remembered text or ISO, bytes as base64, nested, undefined members left out', () => {
    const remembered = parseDateTime('2011-04-19T16:48:28.8939219+02:00');
    const value = {
      a: remembered,
      b: new Date(Date.UTC(2024, 0, 2)),
      c: new Uint8Array([1, 2, 3]),
      d: [{ e: null, f: undefined, g: 1.5, h: 'x', i: true }],
      j: { $type: 'xs:dateTime', $value: remembered },
      k: Infinity,
      l: NaN,
    };
    expect(toJsonForm(value)).toStrictEqual({
      a: '2011-04-19T16:48:28.8939219+02:00',
      b: '2024-01-02T00:00:00.000Z',
      c: 'AQID',
      d: [{ e: null, g: 1.5, h: 'x', i: true }],
      j: { $type: 'xs:dateTime', $value: '2011-04-19T16:48:28.8939219+02:00' },
      k: 'INF',
      l: 'NaN',
    });
    expect(JSON.stringify(toJsonForm({ __proto__x: 1 }))).toBe('{"__proto__x":1}');
  });

  test('a __proto__ key stays an own property', () => {
    const src = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    const out = toJsonForm(src) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('XML text escaping', () => {
  test('escapes & < > and CR; leaves everything else', () => {
    expect(escapeText('plain')).toBe('plain');
    expect(escapeText('')).toBe('');
    expect(escapeText('a&b<c>d\r\n"\'\t')).toBe('a&amp;b&lt;c&gt;d&#13;\n"\'\t');
    expect(escapeText('😀 ü \uE000 \uFFFD')).toBe('😀 ü \uE000 \uFFFD');
  });

  test.each([
    ['\u0000', 0],
    ['ab\u0008', 2],
    ['\u001F', 0],
    ['x\uD800', 1],
    ['x\uD800y', 1],
    ['\uDFFF', 0],
    ['\uFFFE', 0],
    ['\uFFFF', 0],
  ])('refuses %j (index %d)', (s, i) => {
    expect(escapeText(s)).toBeUndefined();
    expect(invalidXmlCharIndex(s)).toBe(i);
  });

  test('valid surrogate pairs are fine', () => {
    expect(invalidXmlCharIndex('\uD83D\uDE00')).toBe(-1);
    expect(invalidXmlCharIndex('\uDBFF\uDFFF')).toBe(-1);
  });
});
