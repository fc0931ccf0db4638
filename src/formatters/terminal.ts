// Control characters other than line breaks and tabs (C0, DEL and C1): shown escaped, so that text taken
// from a linted file or from AWS can never drive the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** One line of terminal-safe text: line breaks and tabs become spaces, other control characters are escaped. */
export function terminalLine(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t\u2028\u2029]/g, " ")
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const SEPARATORS = new Set(["/", ":", ","]);

/** Where to cut a word of more than `max` code points: after the last separator past its first third, else at `max`. */
function cutPoint(chars: readonly string[], max: number): number {
  for (let i = max - 1; i >= Math.ceil(max / 3); i--) if (SEPARATORS.has(chars[i]!)) return i + 1;
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
    while (chars.length > max) {
      const cut = cutPoint(chars, max);
      lines.push(chars.slice(0, cut).join(""));
      chars = chars.slice(cut);
    }
    current = chars;
    // A line never starts with the space that a run of spaces left over.
    started = chars.length > 0;
  }
  if (started || lines.length === 0) lines.push(current.join(""));
  return lines;
}
