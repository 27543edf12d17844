/**
 * Groups events into batches (not one message per event): each event is serialized once, here,
 * and a batch goes out when it reaches BATCH_CHARS or BATCH_MS after its first event.
 */
export const BATCH_CHARS = 60 * 1024;
export const BATCH_MS = 400;

export class Batcher {
  private parts: string[] = [];
  private chars = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly out: (json: string, count: number) => void) {}

  push(event: unknown): void {
    const json = JSON.stringify(event);
    if (this.chars > 0 && this.chars + json.length > BATCH_CHARS) this.flush();
    this.parts.push(json);
    this.chars += json.length + 1;
    if (this.chars >= BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.chars = 0;
    this.out(`[${parts.join(',')}]`, parts.length);
  }
}
