/**
 * Type tests of the storage items: `read` returns what the item's schema outputs, `write` takes
 * only that and never the managed area, and each schema outputs exactly the type the rest of the
 * code declares (a field added to UploadRecord and forgotten here would be stripped on read).
 */
import type * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { RecordingSpan } from './admission';
import type { DeletionRequest } from './contributor';
import type { ManagedPolicy } from './policy';
import type { RecordingState, TaskRef } from './protocol';
import type { ConsentRecord, OriginRule } from './session';
import { read, type StorageItem, watch, write } from './storage';
import {
  type ConsentRecordSchema,
  consentItem,
  type DeletionRequestSchema,
  deletionQueueItem,
  type ManagedPolicySchema,
  type OriginRuleSchema,
  originsItem,
  policyItem,
  type QueuedDeletion,
  type RecordingRecord,
  recordingItem,
  retentionDaysItem,
  type UploadRecordSchema,
  uploadsItem,
} from './storage-items';
import type { UploadRecord } from './uploads';

describe('read, write, watch', () => {
  it("read resolves to the schema's output type", () => {
    expectTypeOf(read(originsItem)).resolves.toEqualTypeOf<
      { pattern: string; source: 'user' | 'policy' }[]
    >();
    expectTypeOf(read(consentItem)).resolves.toEqualTypeOf<{ version: string; acceptedAt: number } | null>();
    expectTypeOf(read(retentionDaysItem)).resolves.toBeNumber();
    expectTypeOf(read(uploadsItem)).resolves.toEqualTypeOf<Record<string, UploadRecord>>();
    expectTypeOf(read(policyItem)).resolves.toEqualTypeOf<ManagedPolicy>();
  });

  it("write takes only the item's type", () => {
    void write(retentionDaysItem, 3);
    // @ts-expect-error a string is not a number of days
    void write(retentionDaysItem, '3');
    // @ts-expect-error an origin rule's source is 'user' or 'policy'
    void write(originsItem, [{ pattern: 'https://a.test', source: 'admin' }]);
  });

  it('write refuses the managed area (the admin writes it)', () => {
    // @ts-expect-error the managed policy is read-only
    void write(policyItem, {});
  });

  it("watch calls back with the item's type", () => {
    watch(recordingItem, (rec) => expectTypeOf(rec).toEqualTypeOf<RecordingRecord>());
    expectTypeOf(originsItem).toExtend<StorageItem<OriginRule[], 'local'>>();
  });
});

describe('schemas output the declared types', () => {
  it('match the shared and worker types exactly', () => {
    expectTypeOf<v.InferOutput<typeof OriginRuleSchema>>().toEqualTypeOf<OriginRule>();
    expectTypeOf<v.InferOutput<typeof ConsentRecordSchema>>().toEqualTypeOf<ConsentRecord>();
    expectTypeOf<v.InferOutput<typeof ManagedPolicySchema>>().toEqualTypeOf<ManagedPolicy>();
    expectTypeOf<v.InferOutput<typeof UploadRecordSchema>>().toEqualTypeOf<UploadRecord>();
    expectTypeOf<v.InferOutput<typeof DeletionRequestSchema>>().toEqualTypeOf<DeletionRequest>();
    expectTypeOf<RecordingRecord['state']>().toEqualTypeOf<RecordingState>();
    expectTypeOf<RecordingRecord['task']>().toEqualTypeOf<TaskRef | null>();
    expectTypeOf<RecordingRecord['spans']>().toEqualTypeOf<RecordingSpan[]>();
    expectTypeOf(read(deletionQueueItem)).resolves.toEqualTypeOf<Record<string, QueuedDeletion>>();
    expectTypeOf<QueuedDeletion['request']>().toEqualTypeOf<DeletionRequest>();
  });
});
