// Characters that must never reach an output raw, because they drive a terminal or change how text around them
// reads: C0 controls other than tab and line breaks, DEL, C1 controls, the bidirectional controls (embeddings,
// overrides, isolates, marks) and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The one escaping of text taken from a linted file, a config or AWS, for every output: each unsafe character
 * becomes a visible `\uXXXX`. Tabs and line breaks are kept (each output decides what to do with them).
 */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One line of terminal-safe text: line breaks and tabs become spaces, unsafe characters are escaped. */
export function terminalLine(text: string): string {
  return escapeUnsafe(text.replace(/\r\n|[\r\n\t]/g, " "));
}
