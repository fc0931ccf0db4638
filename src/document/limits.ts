/** Bounds that keep a hostile or broken file from exhausting memory or the stack. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_DEPTH = 64;
/** Nodes a YAML document may hold, as written or expanded through aliases (billion laughs), before it is refused. */
export const MAX_NODES = 200_000;
