/** What a CLI command may touch: injected so tests run it without a process. */
export interface CliIo {
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  /** Files in a folder, or [] when it does not exist. */
  listDir(path: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  isDirectory(path: string): Promise<boolean>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, incomplete: 1, usage: 2 } as const;
