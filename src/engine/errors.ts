/** A problem with how mrap-guard was invoked or configured: the run stops with exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface ErrorLocation {
  file: string;
  line: number;
  column: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    message: string,
    readonly location?: ErrorLocation,
  ) {
    super(location ? `${location.file}:${location.line}:${location.column}: ${message}` : message);
  }
}
