/** Saves bytes as a file through an object URL and a temporary <a download>. */
export function download(data: Uint8Array | string, name: string, type: string): void {
  const blob = new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started once click() returns; keep the URL a little for slow starts.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
