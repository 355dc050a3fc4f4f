/**
 * The framing shared by the write-ahead log and checkpoint files: each record is
 * [u32 payload length][u32 CRC32 of the payload][payload], big-endian. A reader stops at the
 * first record whose length runs past the end of the data or whose checksum does not match:
 * everything before it is intact, everything from it on is a torn or corrupt tail.
 */
import { crc32 } from 'node:zlib';

export const RECORD_HEADER = 8;
/** Larger lengths cannot be real records (no batch gets near this); they mark corruption. */
export const MAX_RECORD = 1024 * 1024 * 1024;

export function frameRecord(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
  out.writeUInt32BE(payload.length, 0);
  out.writeUInt32BE(crc32(payload), 4);
  payload.copy(out, RECORD_HEADER);
  return out;
}

export interface ScanResult {
  payloads: Buffer[];
  /** Byte length of the intact prefix. */
  validLength: number;
  /** Why the scan stopped before the end, if it did. */
  problem: string | null;
}

export function scanRecords(data: Buffer): ScanResult {
  const payloads: Buffer[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (data.length - pos < RECORD_HEADER) {
      return { payloads, validLength: pos, problem: `truncated record header (${data.length - pos} bytes)` };
    }
    const length = data.readUInt32BE(pos);
    const checksum = data.readUInt32BE(pos + 4);
    if (length > MAX_RECORD) return { payloads, validLength: pos, problem: `implausible record length ${length}` };
    if (pos + RECORD_HEADER + length > data.length) {
      return {
        payloads,
        validLength: pos,
        problem: `record of ${length} bytes runs past the end of the file (${data.length - pos - RECORD_HEADER} bytes present)`,
      };
    }
    const payload = data.subarray(pos + RECORD_HEADER, pos + RECORD_HEADER + length);
    if (crc32(payload) !== checksum) return { payloads, validLength: pos, problem: 'checksum mismatch' };
    payloads.push(payload);
    pos += RECORD_HEADER + length;
  }
  return { payloads, validLength: pos, problem: null };
}
