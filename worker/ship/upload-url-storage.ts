/**
 * tus-js-client's UrlStorage backed by our own upload record (workers have no localStorage): the
 * one upload URL of a bundle is kept in the record, which is persisted after every change, so an
 * upload resumes from the server's offset after the page, the worker or the browser restarts.
 */
import type { PreviousUpload, UrlStorage } from 'tus-js-client';

export interface UrlSlot {
  get(): string | null;
  set(url: string | null): Promise<void>;
}

export class RecordUrlStorage implements UrlStorage {
  constructor(
    private readonly fingerprint: string,
    private readonly size: number,
    private readonly slot: UrlSlot,
  ) {}

  async findAllUploads(): Promise<PreviousUpload[]> {
    return this.findUploadsByFingerprint(this.fingerprint);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    const url = this.slot.get();
    if (fingerprint !== this.fingerprint || !url) return [];
    return [
      {
        size: this.size,
        metadata: {},
        creationTime: '',
        urlStorageKey: fingerprint,
        uploadUrl: url,
        parallelUploadUrls: null,
      },
    ];
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    if (urlStorageKey === this.fingerprint) await this.slot.set(null);
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    if (fingerprint === this.fingerprint) await this.slot.set(upload.uploadUrl);
    return fingerprint;
  }
}
