import type { SeededRandom } from './seeded-random.js';

// The fuzzer's values: a well-formed argument sampled from a call's JSON Schema (made by
// `z.toJSONSchema` from the contract), then broken in one place. Values are written as JSON
// text by `writeJson`, which also writes what JSON.stringify cannot (1e309, -0, NaN, nesting
// 100,000 deep, keys named __proto__, invalid UTF-8 bytes).

/** The part of JSON Schema that `z.toJSONSchema` emits for the contract's arguments. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

/** Text written into the JSON as it is: a number JSON.stringify would change, a deep nest, a broken string. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Stands in the text for invalid UTF-8 bytes, swapped in by `toBytes`. */
const BAD_BYTES_MARK = '@@BAD-UTF8@@';
const BAD_BYTE_SEQUENCES = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf], // an overlong "/"
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded in UTF-8
  [0xf8, 0x88, 0x80, 0x80, 0x80], // a five-byte form
  [0xe2, 0x82], // a truncated "€"
];

export type Value = null | boolean | number | string | RawJson | Value[] | { [key: string]: Value };

/** What a well-formed argument's ids and dates are drawn from: the host's own data. */
export interface SampleContext {
  date: string;
  dateTime: string;
  roomTypeId: number;
  jobIds: number[];
  notificationIds: number[];
}

/** A value the schema accepts (refinements aside: `from` before `to`, cents only, …). */
export function sample(schema: JsonSchema, random: SeededRandom, context: SampleContext, key = ''): Value {
  if (schema.const !== undefined) return schema.const as Value;
  if (schema.enum) return random.pick(schema.enum) as Value;
  switch (schema.type) {
    case 'object': {
      const object: { [key: string]: Value } = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(name) || random.chance(0.5)) object[name] = sample(property, random, context, name);
      }
      return object;
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const length = random.int(min, Math.min(schema.maxItems ?? min + 3, min + 3));
      return Array.from({ length }, () => sample(schema.items ?? {}, random, context, key));
    }
    case 'string':
      if (schema.format === 'date') return context.date;
      if (schema.format === 'date-time') return context.dateTime;
      if (key === 'cursor') return String(random.int(1, 500));
      if (key === 'lane') return random.pick(['cloudbeds', 'beds24', 'seam']);
      if (key === 'type') return random.pick(['rates/push', 'rates/import']);
      return random.pick(['rates', 'Single Room', 'changed my mind']).slice(0, schema.maxLength ?? 100);
    case 'integer':
      if (key === 'roomTypeId') return context.roomTypeId;
      if (key === 'id') return random.pick(context.jobIds);
      if (key === 'ids') return random.pick(context.notificationIds);
      return Math.max(1, schema.minimum ?? 1) + random.int(0, 5);
    case 'number':
      return random.pick([99, 120.5, 310.25]);
    case 'boolean':
      return random.chance(0.5);
    default:
      return null;
  }
}

type Path = (string | number)[];

/** Every place in a value (the value itself first), for picking where to break it. */
export function pathsOf(value: Value, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...path, i])));
  else if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    for (const key of Object.keys(value)) paths.push(...pathsOf(value[key]!, [...path, key]));
  }
  return paths;
}

const isObject = (value: Value): value is { [key: string]: Value } => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RawJson);

/** A copy of `root` with the value at `path` replaced (or, for `undefined`, removed). */
export function replaceAt(root: Value, path: Path, replacement: Value | undefined): Value | undefined {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    const item = replaceAt(copy[head as number]!, rest, replacement);
    if (item === undefined) copy.splice(head as number, 1);
    else copy[head as number] = item;
    return copy;
  }
  const copy = { ...(root as { [key: string]: Value }) };
  const item = replaceAt(copy[head as string]!, rest, replacement);
  if (item === undefined) delete copy[head as string];
  else copy[head as string] = item;
  return copy;
}

export function valueAt(root: Value, path: Path): Value {
  return path.reduce<Value>((value, part) => (value as never)[part] as Value, root);
}

/** An own, enumerable key of any name, `__proto__` included (plain assignment would set the prototype). */
export function withKey(object: { [key: string]: Value }, key: string, value: Value): { [key: string]: Value } {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

const LONG = 100_000;

/** Values of every other JSON type, and numbers JSON itself makes strange. */
const WRONG_TYPES: (() => Value)[] = [
  () => null,
  () => true,
  () => 0,
  () => 'text',
  () => [],
  () => ({}),
  () => [1, 'two', null],
  () => ({ nested: { deeper: [] } }),
];
export const STRANGE_NUMBERS: (() => Value)[] = [
  () => new RawJson('NaN'), // not JSON at all
  () => new RawJson('Infinity'),
  () => new RawJson('1e309'), // parses to Infinity
  () => new RawJson('-1e309'),
  () => new RawJson('-0'),
  () => new RawJson('1e-9'),
  () => new RawJson('5e-324'),
  () => new RawJson('0.001'),
  () => new RawJson('1.005'),
  () => new RawJson('100000.01'),
  () => new RawJson('9007199254740993'),
  () => new RawJson('1e21'),
  () => -1,
  () => 0,
  () => 2.5,
  () => new RawJson('0x10'),
  () => new RawJson('01'),
];
export const STRANGE_STRINGS: (() => Value)[] = [
  () => '',
  () => ' ',
  () => 'x'.repeat(LONG),
  () => '0000-01-01',
  () => '9999-12-31',
  () => '2025-02-30',
  () => '2024-02-29T25:00:00Z',
  () => '2023-02-29',
  () => '2024-13-01',
  () => '+275760-09-13',
  () => '-000001-01-01',
  () => '2024-1-1',
  () => '２０２５-０１-０１',
  () => '2025-01-01\u0000',
  () => '\ud800',
  () => '\u202e1202-10-10',
  () => '__proto__',
  () => 'constructor',
  () => "' OR 1=1 --",
  () => '<script>alert(1)</script>',
  () => '../../../etc/passwd',
  () => '%00',
  () => '1',
  () => 'true',
  () => new RawJson(`"bad ${BAD_BYTES_MARK} bytes"`),
];

/** One way of breaking a value at a place, named for the report. */
export interface Mutation {
  name: string;
  /** Whether it applies at a value of this shape. */
  fits(value: Value): boolean;
  /** The value to put there (undefined: remove it). */
  make(value: Value, random: SeededRandom): Value | undefined;
  /** How often it is chosen among those that fit; the large ones are kept rare. */
  weight: number;
}

export const MUTATIONS: Mutation[] = [
  { name: 'wrong type', weight: 6, fits: () => true, make: (_, random) => random.pick(WRONG_TYPES)() },
  { name: 'strange number', weight: 6, fits: () => true, make: (_, random) => random.pick(STRANGE_NUMBERS)() },
  { name: 'strange string', weight: 6, fits: () => true, make: (_, random) => random.pick(STRANGE_STRINGS)() },
  {
    name: 'unknown field',
    weight: 4,
    fits: isObject,
    make: (value, random) => withKey(value as { [key: string]: Value }, random.pick(['extra', 'admin', 'toString', 'constructor', 'prototype', 'valueOf', '']), 1),
  },
  {
    name: '__proto__ field',
    weight: 3,
    fits: isObject,
    make: (value, random) => withKey(value as { [key: string]: Value }, '__proto__', random.pick([{ polluted: true }, null, 'x', [1]] as Value[])),
  },
  { name: 'huge field name', weight: 1, fits: isObject, make: (value) => withKey(value as { [key: string]: Value }, 'k'.repeat(LONG), 1) },
  {
    name: 'missing field',
    weight: 3,
    fits: (value) => isObject(value) && Object.keys(value).length > 0,
    make: (value, random) => {
      const copy = { ...(value as { [key: string]: Value }) };
      delete copy[random.pick(Object.keys(copy))];
      return copy;
    },
  },
  {
    name: 'deep nesting',
    weight: 1,
    fits: () => true,
    make: (_, random) => {
      const depth = random.pick([1_000, 100_000]);
      return random.chance(0.5) ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`) : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    },
  },
  {
    name: '100k-item array',
    weight: 1,
    fits: () => true,
    make: (value, random) => {
      const item = Array.isArray(value) && value.length > 0 && random.chance(0.5) ? writeJson(value[0]!) : '1';
      return new RawJson(`[${Array.from({ length: LONG }, () => item).join(',')}]`);
    },
  },
  { name: 'empty array', weight: 2, fits: Array.isArray, make: () => [] },
  { name: 'invalid UTF-8 bytes', weight: 2, fits: () => true, make: () => new RawJson(`"${BAD_BYTES_MARK}"`) },
];

export function pickMutation(value: Value, random: SeededRandom): Mutation {
  const fitting = MUTATIONS.filter((mutation) => mutation.fits(value));
  let ticket = random.next() * fitting.reduce((sum, mutation) => sum + mutation.weight, 0);
  for (const mutation of fitting) {
    ticket -= mutation.weight;
    if (ticket < 0) return mutation;
  }
  return fitting[fitting.length - 1]!;
}

/** JSON text of a value, raw parts written as they are; no recursion into raw text (a nest 100,000 deep is one string). */
export function writeJson(value: Value): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${writeJson(value[key]!)}`).join(',')}}`;
  return JSON.stringify(value);
}

/** The bytes of a JSON text, each invalid-UTF-8 mark replaced by one of the invalid sequences. */
export function toBytes(text: string, random: SeededRandom): Buffer {
  const parts = text.split(BAD_BYTES_MARK);
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(Buffer.from(random.pick(BAD_BYTE_SEQUENCES)));
    pieces.push(Buffer.from(part, 'utf8'));
  });
  return Buffer.concat(pieces);
}
