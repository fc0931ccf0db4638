/**
 * The ARN format every AWS service shares:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon. */
  resource: string;
}

export function parseArn(text: string): Arn | undefined {
  const match = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s.exec(text);
  if (!match) return undefined;
  return { partition: match[1]!, service: match[2]!, region: match[3]!, account: match[4]!, resource: match[5]! };
}
