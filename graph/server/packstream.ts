/**
 * PackStream v1: the binary value format Bolt messages are written in, plus Bolt's message
 * chunking (2-byte big-endian chunk sizes, a 0x0000 chunk ends a message).
 *
 * Decoded integers are bigint and floats are number, matching the engine's value model
 * (graph/engine/values.ts). Dictionaries decode to null-prototype objects so that keys such as
 * `__proto__` coming from a client are plain keys.
 */

/** A PackStream structure: a signature byte and its fields (messages are structures too). */
export class Structure {
  constructor(
    readonly signature: number,
    readonly fields: PackValue[],
  ) {}
}

export type PackValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | PackValue[]
  | PackMap
  | Structure;

export interface PackMap {
  [key: string]: PackValue;
}

export class PackStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackStreamError';
  }
}

const INT8_MIN = -(2n ** 7n);
const INT16_MIN = -(2n ** 15n);
const INT16_MAX = 2n ** 15n - 1n;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// ------------------------------------------------------------------------------------------
// Encoding
// ------------------------------------------------------------------------------------------

/** Appends PackStream values to a growing buffer. */
export class Packer {
  private buf: Buffer;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** The bytes written so far (a view; copy if the packer is reused). */
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  pack(value: PackValue): void {
    if (value === null || value === undefined) return this.byte(0xc0);
    switch (typeof value) {
      case 'boolean':
        return this.byte(value ? 0xc3 : 0xc2);
      case 'bigint':
        return this.packInteger(value);
      case 'number':
        return this.packFloat(value);
      case 'string':
        return this.packString(value);
      default:
        break;
    }
    if (Array.isArray(value)) {
      this.header(value.length, 0x90, 0xd4, 0xd5, 0xd6);
      for (const item of value) this.pack(item);
      return;
    }
    if (value instanceof Structure) return this.packStructure(value.signature, value.fields);
    if (value instanceof Uint8Array) {
      if (value.length < 0x100) this.byte(0xcc), this.byte(value.length);
      else if (value.length < 0x10000) this.byte(0xcd), this.u16(value.length);
      else this.byte(0xce), this.u32(value.length);
      this.ensure(value.length);
      this.buf.set(value, this.pos);
      this.pos += value.length;
      return;
    }
    const keys = Object.keys(value);
    this.header(keys.length, 0xa0, 0xd8, 0xd9, 0xda);
    for (const key of keys) {
      this.packString(key);
      this.pack((value as PackMap)[key]!);
    }
  }

  packStructure(signature: number, fields: readonly PackValue[]): void {
    if (fields.length > 15) throw new PackStreamError(`structure with ${fields.length} fields`);
    this.byte(0xb0 | fields.length);
    this.byte(signature);
    for (const f of fields) this.pack(f);
  }

  /**
   * Appends one complete Bolt message: the structure, framed in chunks, with the end marker.
   * Lets many messages (a result's records) share one buffer.
   */
  packMessage(signature: number, fields: readonly PackValue[]): void {
    const headerAt = this.pos;
    this.ensure(2);
    this.pos += 2;
    this.packStructure(signature, fields);
    const length = this.pos - headerAt - 2;
    if (length <= MAX_CHUNK) {
      this.buf.writeUInt16BE(length, headerAt);
      this.ensure(2);
      this.buf.writeUInt16BE(0, this.pos);
      this.pos += 2;
      return;
    }
    // Rare: a message over 64 KiB needs more chunk headers inside it.
    const framed = chunkMessage(Buffer.from(this.buf.subarray(headerAt + 2, this.pos)));
    this.pos = headerAt;
    this.ensure(framed.length);
    framed.copy(this.buf, this.pos);
    this.pos += framed.length;
  }

  /** Current length of the output. */
  get length(): number {
    return this.pos;
  }

  packInteger(v: bigint): void {
    if (v >= -16n && v <= 127n) return this.byte(Number(v) & 0xff);
    if (v >= INT8_MIN && v < -16n) {
      this.byte(0xc8);
      return this.byte(Number(v) & 0xff);
    }
    if (v >= INT16_MIN && v <= INT16_MAX) {
      this.ensure(3);
      this.buf[this.pos++] = 0xc9;
      this.buf.writeInt16BE(Number(v), this.pos);
      this.pos += 2;
      return;
    }
    if (v >= INT32_MIN && v <= INT32_MAX) {
      this.ensure(5);
      this.buf[this.pos++] = 0xca;
      this.buf.writeInt32BE(Number(v), this.pos);
      this.pos += 4;
      return;
    }
    if (v >= INT64_MIN && v <= INT64_MAX) {
      this.ensure(9);
      this.buf[this.pos++] = 0xcb;
      this.buf.writeBigInt64BE(v, this.pos);
      this.pos += 8;
      return;
    }
    throw new PackStreamError(`integer ${v} does not fit in 64 bits`);
  }

  packFloat(v: number): void {
    this.ensure(9);
    this.buf[this.pos++] = 0xc1;
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  packString(s: string): void {
    const length = Buffer.byteLength(s, 'utf8');
    this.header(length, 0x80, 0xd0, 0xd1, 0xd2);
    this.ensure(length);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  private header(size: number, tiny: number, m8: number, m16: number, m32: number): void {
    if (size < 0x10) return this.byte(tiny | size);
    if (size < 0x100) {
      this.byte(m8);
      return this.byte(size);
    }
    if (size < 0x10000) {
      this.byte(m16);
      return this.u16(size);
    }
    if (size <= 0xffffffff) {
      this.byte(m32);
      return this.u32(size);
    }
    throw new PackStreamError(`collection of ${size} elements is too large`);
  }

  private u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }

  private u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }
}

/** Encodes one value (typically a message structure) into a fresh buffer. */
export function pack(value: PackValue): Buffer {
  const p = new Packer();
  p.pack(value);
  return Buffer.from(p.result());
}

// ------------------------------------------------------------------------------------------
// Decoding
// ------------------------------------------------------------------------------------------

/** Tiny integers, decoded without allocating: 0..127 at their value, -16..-1 at 0x80..0x8f. */
const TINY_INTS: readonly bigint[] = Array.from({ length: 0x90 }, (_, i) => (i < 0x80 ? BigInt(i) : BigInt(i - 0x90)));

/** Reads PackStream values from one complete message buffer. */
export class Unpacker {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new PackStreamError(`truncated value at byte ${this.pos}`);
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  private u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  unpack(): PackValue {
    const marker = this.u8();
    if (marker < 0x80) return TINY_INTS[marker]!; // tiny positive int
    if (marker >= 0xf0) return TINY_INTS[marker - 0x70]!; // tiny negative int (-16..-1 at 0x80..0x8f)
    const high = marker & 0xf0;
    const low = marker & 0x0f;
    switch (high) {
      case 0x80:
        return this.string(low);
      case 0x90:
        return this.list(low);
      case 0xa0:
        return this.map(low);
      case 0xb0:
        return this.structure(low);
      default:
        break;
    }
    switch (marker) {
      case 0xc0:
        return null;
      case 0xc1: {
        this.need(8);
        const v = this.buf.readDoubleBE(this.pos);
        this.pos += 8;
        return v;
      }
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc8: {
        this.need(1);
        return BigInt(this.buf.readInt8(this.pos++));
      }
      case 0xc9: {
        this.need(2);
        const v = this.buf.readInt16BE(this.pos);
        this.pos += 2;
        return BigInt(v);
      }
      case 0xca: {
        this.need(4);
        const v = this.buf.readInt32BE(this.pos);
        this.pos += 4;
        return BigInt(v);
      }
      case 0xcb: {
        this.need(8);
        const v = this.buf.readBigInt64BE(this.pos);
        this.pos += 8;
        return v;
      }
      case 0xcc:
        return this.bytes(this.u8());
      case 0xcd:
        return this.bytes(this.u16());
      case 0xce:
        return this.bytes(this.u32());
      case 0xd0:
        return this.string(this.u8());
      case 0xd1:
        return this.string(this.u16());
      case 0xd2:
        return this.string(this.u32());
      case 0xd4:
        return this.list(this.u8());
      case 0xd5:
        return this.list(this.u16());
      case 0xd6:
        return this.list(this.u32());
      case 0xd8:
        return this.map(this.u8());
      case 0xd9:
        return this.map(this.u16());
      case 0xda:
        return this.map(this.u32());
      default:
        throw new PackStreamError(`unknown PackStream marker 0x${marker.toString(16)} at byte ${this.pos - 1}`);
    }
  }

  private string(length: number): string {
    this.need(length);
    const s = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return s;
  }

  private bytes(length: number): Uint8Array {
    this.need(length);
    const b = Uint8Array.prototype.slice.call(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return b;
  }

  private list(size: number): PackValue[] {
    const items: PackValue[] = [];
    for (let i = 0; i < size; i++) items.push(this.unpack());
    return items;
  }

  private map(size: number): PackMap {
    const m = Object.create(null) as PackMap;
    for (let i = 0; i < size; i++) {
      const key = this.unpack();
      if (typeof key !== 'string') throw new PackStreamError('dictionary key is not a string');
      m[key] = this.unpack();
    }
    return m;
  }

  private structure(size: number): Structure {
    const signature = this.u8();
    const fields: PackValue[] = [];
    for (let i = 0; i < size; i++) fields.push(this.unpack());
    return new Structure(signature, fields);
  }
}

/** Decodes a buffer holding exactly one value. */
export function unpack(buf: Buffer): PackValue {
  const u = new Unpacker(buf);
  const v = u.unpack();
  if (u.remaining !== 0) throw new PackStreamError(`${u.remaining} trailing bytes after value`);
  return v;
}

// ------------------------------------------------------------------------------------------
// Chunking
// ------------------------------------------------------------------------------------------

const MAX_CHUNK = 0xffff;

/** Frames one message into chunks followed by the 0x0000 end marker. */
export function chunkMessage(message: Buffer): Buffer {
  const chunks = Math.max(1, Math.ceil(message.length / MAX_CHUNK));
  const out = Buffer.allocUnsafe(message.length + chunks * 2 + 2);
  let src = 0;
  let dst = 0;
  while (src < message.length) {
    const size = Math.min(MAX_CHUNK, message.length - src);
    out.writeUInt16BE(size, dst);
    message.copy(out, dst + 2, src, src + size);
    src += size;
    dst += size + 2;
  }
  out.writeUInt16BE(0, dst);
  return out.subarray(0, dst + 2);
}

/**
 * Reassembles messages from a byte stream that may split chunk headers and chunk bodies at any
 * point (TCP gives no framing). Feed it every received buffer; it returns the completed messages.
 */
export class ChunkDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private partsLength = 0;

  /** maxMessage: the largest message accepted (a bound on what one client can make us buffer). */
  constructor(private readonly maxMessage = 512 * 1024 * 1024) {}

  feed(data: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    const messages: Buffer[] = [];
    let pos = 0;
    while (this.pending.length - pos >= 2) {
      const size = this.pending.readUInt16BE(pos);
      if (size === 0) {
        // An end marker with no parts is a NOOP keep-alive chunk: nothing to deliver.
        if (this.parts.length > 0) messages.push(this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts));
        this.parts = [];
        this.partsLength = 0;
        pos += 2;
        continue;
      }
      if (this.partsLength + size > this.maxMessage) throw new PackStreamError(`message larger than ${this.maxMessage} bytes`);
      if (this.pending.length - pos - 2 < size) break;
      // Copy: the caller may reuse the receive buffer.
      this.parts.push(Buffer.from(this.pending.subarray(pos + 2, pos + 2 + size)));
      this.partsLength += size;
      pos += 2 + size;
    }
    this.pending = pos === this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(pos));
    return messages;
  }
}
