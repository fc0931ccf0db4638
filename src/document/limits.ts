/** Bounds that keep a hostile or broken file from exhausting memory or the stack. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_DEPTH = 64;
/** Nodes a YAML document may expand to through aliases before it is refused (billion laughs). */
export const MAX_NODES = 200_000;
