/**
 * Looks at a YAML text before the `yaml` parser sees it, for the two things that make the parser itself the
 * danger.
 *
 * Depth: the parser recurses and survives its own stack overflow badly (a second one can abort the process
 * inside V8), so nesting past the limit is refused up front. Size: the parser spends about 5 µs and 1 KB per
 * node (measured: a 2 MiB flow list of a million numbers took 5 s and 1 GB before any limit could apply), so a
 * document written with more nodes than the limit is refused up front too.
 *
 * The scan understands quotes, comments, block scalars and the `- ` / `? ` markers that open a nested collection
 * on the same line. Nodes are counted from below (a marker is one node, a block `key:` two, a flow collection
 * one and each comma in it one more), so a document is refused only when it certainly holds more; the depth may
 * be overestimated only for odd plain scalars.
 */
export type YamlShapeProblem = { kind: "too-deep" | "too-many-nodes"; offset: number };

export function yamlShapeProblem(text: string, limit: number, nodeLimit: number): YamlShapeProblem | undefined {
  let nodes = 0;
  const tooMany = (offset: number): YamlShapeProblem => ({ kind: "too-many-nodes", offset });
  const indents: number[] = [];
  let flow = 0;
  let quote = 0;
  let blockScalarIndent = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    const indent = i - lineStart;
    const blank = i >= lineEnd || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 35;
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) {
        lineStart = lineEnd + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (!blank && flow === 0 && quote === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // "- - - x": each marker opens a collection nested in the previous one.
      let j = i;
      while (j + 1 < lineEnd && (text[j] === "-" || text[j] === "?") && (text[j + 1] === " " || text[j + 1] === "\t")) {
        j += 2;
        while (j < lineEnd && text.charCodeAt(j) === 32) j++;
        indents.push(j - lineStart);
        if (++nodes > nodeLimit) return tooMany(i);
      }
      if (indents.length > limit) return { kind: "too-deep", offset: i };
    }
    let valueStart = true;
    for (let k = i; k < lineEnd; k++) {
      const ch = text.charCodeAt(k);
      if (quote !== 0) {
        if (quote === 34 && ch === 92) k++;
        else if (ch === quote) {
          if (quote === 39 && text.charCodeAt(k + 1) === 39) k++;
          else quote = 0;
        }
        continue;
      }
      if (ch === 35 && (k === i || text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) break;
      if (ch === 32 || ch === 9) continue;
      if ((ch === 34 || ch === 39) && valueStart) {
        quote = ch;
        valueStart = false;
        continue;
      }
      if ((ch === 91 || ch === 123) && (valueStart || flow > 0)) {
        if (++flow > limit || indents.length + flow > limit) return { kind: "too-deep", offset: k };
        if (++nodes > nodeLimit) return tooMany(k);
        valueStart = true;
        continue;
      }
      if ((ch === 93 || ch === 125) && flow > 0) {
        flow--;
        valueStart = false;
        continue;
      }
      if ((ch === 124 || ch === 62) && valueStart && flow === 0 && /^[|>][-+0-9]*\s*(#.*)?\r?$/.test(text.slice(k, lineEnd))) {
        blockScalarIndent = indent;
        break;
      }
      if (ch === 44 && flow > 0 && ++nodes > nodeLimit) return tooMany(k);
      // A block mapping's ": " (a key and its value); in a flow collection the commas already count its entries.
      if (ch === 58 && flow === 0 && endsIndicator(text, k + 1, lineEnd) && (nodes += 2) > nodeLimit) return tooMany(k);
      valueStart = ch === 58 || ch === 45 || ch === 63 || ch === 44;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** Whether the character at `at` ends an indicator such as `:` (a space, a tab or the end of the line). */
function endsIndicator(text: string, at: number, lineEnd: number): boolean {
  const ch = text.charCodeAt(at);
  return at >= lineEnd || ch === 32 || ch === 9 || ch === 13;
}
