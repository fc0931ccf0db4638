/**
 * A line diff for showing what a plan changes (policies pretty-printed as JSON): the longest common
 * subsequence of lines, after the common head and tail are set aside.
 */

export interface DiffLine {
  kind: "same" | "removed" | "added";
  text: string;
}

/** The lines of `before` and `after` as kept, removed and added lines, in order (removals before additions). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  return [
    ...a.slice(0, head).map((text): DiffLine => ({ kind: "same", text })),
    ...middle(midA, midB),
    ...a.slice(a.length - tail).map((text): DiffLine => ({ kind: "same", text })),
  ];
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  return text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
}

function middle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  // lengths[i * (m + 1) + j]: the LCS length of a[i..] and b[j..].
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      out.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (j >= m || (i < n && lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)) {
      removed.push({ kind: "removed", text: a[i]! });
      i++;
    } else {
      added.push({ kind: "added", text: b[j]! });
      j++;
    }
  }
  flush();
  return out;
}

export interface DiffFormat {
  /** Unchanged lines kept around each change (default 3); the rest are folded into one line. */
  context?: number;
  color?: boolean;
  /** Put before every line (default two spaces). */
  indent?: string;
}

/** `-`/`+`/` ` lines, long unchanged runs folded; red and green only when `color` is set. */
export function formatDiff(lines: readonly DiffLine[], format: DiffFormat = {}): string[] {
  const context = format.context ?? 3;
  const indent = format.indent ?? "  ";
  const paint = (open: number, close: number, text: string) => (format.color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  const near = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === "same") return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) near[k] = true;
  });
  const out: string[] = [];
  let folded = 0;
  const fold = () => {
    if (folded > 0) out.push(`${indent}  ${paint(2, 22, `… ${folded} unchanged line${folded === 1 ? "" : "s"}`)}`);
    folded = 0;
  };
  lines.forEach((line, index) => {
    if (line.kind === "same" && !near[index]) {
      folded++;
      return;
    }
    fold();
    if (line.kind === "removed") out.push(indent + paint(31, 39, `- ${line.text}`));
    else if (line.kind === "added") out.push(indent + paint(32, 39, `+ ${line.text}`));
    else out.push(`${indent}  ${line.text}`);
  });
  fold();
  return out;
}
