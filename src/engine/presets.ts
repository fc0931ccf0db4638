import type { RuleModule, SeveritySetting } from "./types.js";

export const PRESETS = ["recommended", "strict", "all"] as const;
export type PresetName = (typeof PRESETS)[number];

/**
 * - `recommended`: rules marked recommended, at their catalog severity.
 * - `strict`: every offline rule; warnings become errors.
 * - `all`: every rule at its catalog severity (network rules still run only when enabled).
 */
export function presetSeverity(preset: PresetName, rule: RuleModule): SeveritySetting {
  const { meta } = rule;
  switch (preset) {
    case "recommended":
      return meta.docs.recommended || meta.engine ? meta.severity : "off";
    case "strict":
      if (meta.requiresNetwork) return meta.docs.recommended ? meta.severity : "off";
      return meta.severity === "warning" ? "error" : meta.severity;
    case "all":
      return meta.severity;
  }
}
