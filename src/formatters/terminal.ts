const SEPARATORS = new Set(["/", ":", ","]);

/** Where to cut a word of more than `max` code points (those from `start` on): after the last separator past its first third, else at `max`. */
function cutPoint(chars: readonly string[], max: number, start: number): number {
  for (let i = max - 1; i >= Math.ceil(max / 3); i--) if (SEPARATORS.has(chars[start + i]!)) return i + 1;
  return max;
}

/**
 * Splits one line of text into lines of at most `width` characters, breaking at spaces; a word longer than
 * `width` is cut, after a `/`, `:` or `,` past the first third of the line where there is one (ARNs stay readable and
 * copyable part by part). Counts code points, so a surrogate pair is never split (wide characters count as one).
 */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let current: string[] = [];
  let started = false;
  for (const word of text.split(" ")) {
    let chars = Array.from(word);
    const room = started ? max - current.length - 1 : max;
    if (chars.length <= room) {
      if (started) current.push(" ");
      current.push(...chars);
      started = true;
      continue;
    }
    if (started) lines.push(current.join(""));
    // Cut from a moving start, so that a very long word costs time linear in its length.
    let start = 0;
    while (chars.length - start > max) {
      const cut = start + cutPoint(chars, max, start);
      lines.push(chars.slice(start, cut).join(""));
      start = cut;
    }
    if (start > 0) chars = chars.slice(start);
    current = chars;
    // A line never starts with the space that a run of spaces left over.
    started = chars.length > 0;
  }
  if (started || lines.length === 0) lines.push(current.join(""));
  return lines;
}
