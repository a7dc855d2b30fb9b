import { type FileHandle, open } from 'node:fs/promises';

const WINDOW = 64 * 1024;

/** A local file read by position, through one small window (headers are read many times over). */
export class LocalFile {
  #window = Buffer.alloc(0);
  #windowAt = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<LocalFile> {
    const handle = await open(path, 'r');
    try {
      return new LocalFile(handle, (await handle.stat()).size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Bytes [at, at + length), fewer at the end of the file. */
  async read(at: number, length: number): Promise<Buffer> {
    const end = Math.min(this.size, at + length);
    if (at >= this.#windowAt && end <= this.#windowAt + this.#window.length) {
      return this.#window.subarray(at - this.#windowAt, end - this.#windowAt);
    }
    const want = Math.max(end - at, WINDOW);
    const out = Buffer.alloc(Math.max(0, Math.min(want, this.size - at)));
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.handle.read(out, done, out.length - done, at + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    this.#window = out.subarray(0, done);
    this.#windowAt = at;
    return this.#window.subarray(0, Math.max(0, end - at));
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
