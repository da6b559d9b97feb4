import type { PickedFile } from "./dropped-files";

export interface UploadProgress {
  loaded: number;
  total: number;
  /** The bytes are sent; the server is parsing and writing. */
  processing: boolean;
}

export class UploadFailure extends Error {
  constructor(
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** POST /api/v1/import with XHR, for real upload progress (fetch has no upload progress events). */
export function uploadImport<T>(fields: Record<string, string>, files: PickedFile[], onProgress: (p: UploadProgress) => void): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("files", f.file, f.path);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/import");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.total, processing: false });
    xhr.upload.onload = () => onProgress({ loaded: 1, total: 1, processing: true });
    xhr.onerror = () => reject(new UploadFailure("Network error: the server could not be reached"));
    xhr.onload = () => {
      const body = xhr.response as (T & { error?: { message: string; details?: { path: string; message: string }[] } }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(new UploadFailure(body?.error?.message ?? `Upload failed (${xhr.status})`, body?.error?.details ?? []));
    };
    xhr.send(form);
  });
}
