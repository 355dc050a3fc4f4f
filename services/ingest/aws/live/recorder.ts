/**
 * Turns SDK v3 responses into snapshot/v1 file elements: `$metadata` dropped, Dates as ISO-8601 strings (what
 * `JSON.stringify` makes of them), undefined members gone, and secrets redacted before the element is kept. Nothing
 * unredacted is held past `append`, so a later failure cannot leak a raw body into a snapshot or a log line.
 */
import { redactSnapshotFile } from '../../redact.js';
import type { SnapshotFiles } from '../../snapshot/files.js';

export function toSnapshotElement(path: string, response: unknown): unknown {
  const { $metadata: _metadata, ...body } = (response ?? {}) as Record<string, unknown>;
  void _metadata;
  return redactSnapshotFile(path, JSON.parse(JSON.stringify(body)));
}

/** One recorded call: the file it belongs to and its (already redacted) element. */
export interface RecordedCall {
  path: string;
  element: unknown;
}

export class SnapshotRecorder {
  private readonly files = new Map<string, unknown[]>();

  /** Records one API response as the next element of the file at `path`. */
  append(path: string, response: unknown): void {
    this.appendRecorded({ path, element: toSnapshotElement(path, response) });
  }

  appendRecorded(call: RecordedCall): void {
    const elements = this.files.get(call.path) ?? [];
    elements.push(call.element);
    this.files.set(call.path, elements);
  }

  appendAll(calls: Iterable<RecordedCall>): void {
    for (const call of calls) this.appendRecorded(call);
  }

  toFiles(into: SnapshotFiles = new Map()): SnapshotFiles {
    for (const [path, elements] of this.files) into.set(path, elements);
    return into;
  }
}

/** Collects the responses of one unit of work (a cluster, a batch) so they can be appended in a fixed order later. */
export class CallLog {
  readonly calls: RecordedCall[] = [];
  add(path: string, response: unknown): void {
    this.calls.push({ path, element: toSnapshotElement(path, response) });
  }
}
