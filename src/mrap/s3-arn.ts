/**
 * ARN parsing for the S3 resources an MRAP setup names:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
import { parseArn, type Arn } from "../iam/arn.js";

export type S3ResourceKind =
  /** arn:P:s3::ACCT:accesspoint/ALIAS[/object/KEY] */
  | "mrap"
  /** arn:P:s3:REGION:ACCT:accesspoint/NAME[/object/KEY] */
  | "access-point"
  /** arn:P:s3:::BUCKET[/KEY] */
  | "bucket"
  | "other";

export interface S3Resource {
  arn: Arn;
  kind: S3ResourceKind;
  /** The MRAP alias, access point name or bucket name. */
  name: string;
  /** The object key pattern after `/object/` (access points) or after `BUCKET/` (buckets); undefined for the bare resource. */
  object: string | undefined;
}

/** Classifies an S3 ARN; undefined when the text is not an ARN for the `s3` service. */
export function s3Resource(text: string): S3Resource | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== "s3") return undefined;
  if (arn.resource.startsWith("accesspoint/")) {
    const rest = arn.resource.slice("accesspoint/".length);
    const slash = rest.indexOf("/");
    const name = slash < 0 ? rest : rest.slice(0, slash);
    const tail = slash < 0 ? undefined : rest.slice(slash);
    const object = tail === undefined ? undefined : tail.startsWith("/object/") ? tail.slice("/object/".length) : tail;
    return { arn, kind: arn.region === "" ? "mrap" : "access-point", name, object };
  }
  if (arn.region === "" && arn.account === "") {
    const slash = arn.resource.indexOf("/");
    return { arn, kind: "bucket", name: slash < 0 ? arn.resource : arn.resource.slice(0, slash), object: slash < 0 ? undefined : arn.resource.slice(slash + 1) };
  }
  return { arn, kind: "other", name: arn.resource, object: undefined };
}

/** `arn:P:s3::ACCT:accesspoint/ALIAS`, the form an MRAP policy and `s3:DataAccessPointArn` use. */
export function mrapArn(partition: string, account: string, alias: string): string {
  return `arn:${partition}:s3::${account}:accesspoint/${alias}`;
}
