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
