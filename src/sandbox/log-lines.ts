/**
 * A launch's log: the last `maxLines` lines its processes wrote (stdout and stderr interleaved as they arrive), each
 * cut at `maxLineChars`. Older lines are dropped, so a chatty workload holds bounded memory.
 */
export class LogLines {
  private readonly lines: string[] = [];
  private start = 0;

  constructor(
    readonly maxLines: number,
    readonly maxLineChars = 4_096,
  ) {}

  push(line: string): void {
    const cut = line.length > this.maxLineChars ? `${line.slice(0, this.maxLineChars)}…` : line;
    if (this.lines.length - this.start >= this.maxLines) this.start++;
    this.lines.push(cut);
    // Compact now and then: the dropped head is released in one step, not one shift per line.
    if (this.start > this.maxLines) {
      this.lines.splice(0, this.start);
      this.start = 0;
    }
  }

  /** The last `n` lines (all kept lines when n is larger), newline-terminated. */
  tail(n: number): string {
    const from = Math.max(this.start, this.lines.length - Math.max(0, Math.floor(n)));
    const out = this.lines.slice(from);
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }
}

/** Splits a byte stream into lines for a LogLines (a partial last line waits for its end, bounded in length). */
export class LineSplitter {
  private pending = '';

  constructor(
    private readonly emit: (line: string) => void,
    private readonly maxPending = 16_384,
  ) {}

  write(chunk: string): void {
    let text = this.pending + chunk;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      this.emit(text.slice(0, nl).replace(/\r$/, ''));
      text = text.slice(nl + 1);
      nl = text.indexOf('\n');
    }
    if (text.length > this.maxPending) {
      this.emit(text);
      text = '';
    }
    this.pending = text;
  }

  end(): void {
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }
}
