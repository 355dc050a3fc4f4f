import { describe, it, expect } from '@jest/globals';
import { ChunkDecoder, Packer, Structure, chunkMessage, pack, unpack, type PackValue } from '../../graph/server/packstream.js';
import { fromPackValue, toPackValue } from '../../graph/server/bolt-values.js';
import { CypherError } from '../../graph/engine/errors.js';
import { DateValue } from '../../graph/engine/values.js';

const hex = (b: Buffer) => b.toString('hex');

describe('PackStream encoding', () => {
  it('uses the smallest integer representation at every boundary', () => {
    const cases: Array<[bigint, string]> = [
      [0n, '00'],
      [127n, '7f'],
      [-16n, 'f0'],
      [-17n, 'c8ef'],
      [-128n, 'c880'],
      [128n, 'c90080'],
      [-129n, 'c9ff7f'],
      [32767n, 'c97fff'],
      [32768n, 'ca00008000'],
      [-32769n, 'caffff7fff'],
      [2147483647n, 'ca7fffffff'],
      [2147483648n, 'cb0000000080000000'],
      [-(2n ** 63n), 'cb8000000000000000'],
      [2n ** 63n - 1n, 'cb7fffffffffffffff'],
    ];
    for (const [value, expected] of cases) {
      expect(hex(pack(value))).toBe(expected);
      expect(unpack(pack(value))).toBe(value);
    }
  });

  it('refuses integers outside 64 bits', () => {
    expect(() => pack(2n ** 63n)).toThrow(/64 bits/);
  });

  it('keeps floats floats, including whole numbers, -0, NaN and infinities', () => {
    expect(hex(pack(1))).toBe('c13ff0000000000000');
    for (const v of [1, 1.5, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE]) {
      const back = unpack(pack(v));
      expect(typeof back).toBe('number');
      expect(Object.is(back, v)).toBe(true);
    }
  });

  it('encodes strings by UTF-8 byte length across the 8/16/32-bit size markers', () => {
    expect(hex(pack(''))).toBe('80');
    expect(hex(pack('a'))).toBe('8161');
    expect(hex(pack('é'))).toBe('82c3a9'); // two bytes, one character
    for (const [length, marker] of [[15, '8f'], [16, 'd0'], [255, 'd0'], [256, 'd1'], [65535, 'd1'], [65536, 'd2']] as const) {
      const s = 'x'.repeat(length);
      const encoded = pack(s);
      expect(hex(encoded.subarray(0, 1))).toBe(marker);
      expect(unpack(encoded)).toBe(s);
    }
    const mixed = 'graph ✓ 𝔾 ü';
    expect(unpack(pack(mixed))).toBe(mixed);
  });

  it('round-trips nested lists, dictionaries and structures of every size class', () => {
    const big = Array.from({ length: 70000 }, (_, i) => BigInt(i));
    const dict = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i % 2 === 0 ? BigInt(i) : `v${i}`]));
    const value: PackValue = [null, true, false, big, dict, new Structure(0x4e, [1n, ['L'], {}, '4:x:1'])];
    const back = unpack(pack(value)) as PackValue[];
    expect(back[0]).toBeNull();
    expect(back[1]).toBe(true);
    expect(back[2]).toBe(false);
    expect(back[3]).toEqual(big);
    expect({ ...(back[4] as object) }).toEqual(dict);
    expect(back[5]).toBeInstanceOf(Structure);
    expect((back[5] as Structure).signature).toBe(0x4e);
    expect((back[5] as Structure).fields[3]).toBe('4:x:1');
  });

  it('decodes dictionaries without prototype, so __proto__ is an ordinary key', () => {
    const p = new Packer();
    p.pack(Object.defineProperty({}, '__proto__', { value: 5n, enumerable: true }) as PackValue);
    const back = unpack(Buffer.from(p.result())) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect(back['__proto__']).toBe(5n);
  });

  it('reports truncated input and unknown markers', () => {
    expect(() => unpack(Buffer.from('d005616263', 'hex'))).toThrow(/truncated/);
    expect(() => unpack(Buffer.from('e7', 'hex'))).toThrow(/unknown PackStream marker/);
  });
});

describe('Bolt chunking', () => {
  it('splits large messages into 65535-byte chunks and ends with 0x0000', () => {
    const message = Buffer.alloc(150000, 7);
    const framed = chunkMessage(message);
    expect(framed.readUInt16BE(0)).toBe(65535);
    expect(framed.readUInt16BE(framed.length - 2)).toBe(0);
    expect(framed.length).toBe(150000 + 3 * 2 + 2);
    const [decoded] = new ChunkDecoder().feed(framed);
    expect(decoded!.equals(message)).toBe(true);
  });

  it('reassembles messages however the byte stream is split across packets', () => {
    const messages = [pack(new Structure(0x10, ['RETURN 1', {}, {}])), pack('x'.repeat(70000)), pack(42n)];
    const stream = Buffer.concat([...messages.map(chunkMessage), Buffer.from([0, 0]) /* NOOP */]);
    for (const step of [1, 2, 3, 7, 1000, stream.length]) {
      const decoder = new ChunkDecoder();
      const out: Buffer[] = [];
      for (let i = 0; i < stream.length; i += step) out.push(...decoder.feed(Buffer.from(stream.subarray(i, i + step))));
      expect(out.map(hex)).toEqual(messages.map(hex));
    }
  });
});

describe('engine value conversion', () => {
  it('turns parameters into engine values (temporal structures too) and refuses spatial structures', () => {
    const params = fromPackValue(unpack(pack({ a: 1n, b: 1.0, c: ['x', null] } as PackValue))) as Record<string, unknown>;
    expect(params['a']).toBe(1n);
    expect(params['b']).toBe(1);
    expect(params['c']).toEqual(['x', null]);
    const when = (fromPackValue({ when: new Structure(0x44, [19000n]) } as PackValue) as Record<string, unknown>)['when'];
    expect(when).toBeInstanceOf(DateValue);
    expect(toPackValue(when as DateValue)).toEqual(new Structure(0x44, [19000n]));
    const zoned = new Structure(0x69, [1719828000n, 5n, 'Europe/Stockholm']);
    expect(toPackValue(fromPackValue(zoned))).toEqual(zoned);
    const offset = new Structure(0x49, [1719828000n, 0n, -3600n]);
    expect(toPackValue(fromPackValue(offset))).toEqual(offset);
    expect(() => fromPackValue(new Structure(0x58, [7203n, 1.0, 2.0]))).toThrow(CypherError);
    expect(() => fromPackValue(new Structure(0x58, [7203n, 1.0, 2.0]))).toThrow(/Point2D/);
  });

  it('passes plain values through to PackStream unchanged', () => {
    expect(toPackValue([1n, 2.5, 'a', null, true])).toEqual([1n, 2.5, 'a', null, true]);
  });
});

describe('message size bound', () => {
  it('refuses a message larger than the limit', () => {
    const decoder = new ChunkDecoder(100000);
    expect(decoder.feed(chunkMessage(Buffer.alloc(90000)))).toHaveLength(1);
    expect(() => decoder.feed(chunkMessage(Buffer.alloc(100001)))).toThrow(/larger than 100000 bytes/);
  });
});

describe('message framing into a shared buffer', () => {
  it('writes small and over-64KiB messages back to back, each decodable', () => {
    const p = new Packer(16);
    p.packMessage(0x71, [[1n, 'a']]);
    const afterFirst = p.length;
    p.packMessage(0x71, [['y'.repeat(100000)]]);
    p.packMessage(0x70, [{}]);
    const data = Buffer.from(p.result());
    expect(data.subarray(0, afterFirst).equals(chunkMessage(pack(new Structure(0x71, [[1n, 'a']]))))).toBe(true);
    const messages = new ChunkDecoder().feed(data).map((m) => unpack(m) as Structure);
    expect(messages.map((m) => m.signature)).toEqual([0x71, 0x71, 0x70]);
    expect((messages[1]!.fields[0] as string[])[0]).toHaveLength(100000);
  });
});
