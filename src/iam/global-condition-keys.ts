/**
 * AWS global condition context keys (`aws:…`) and the cross-service keys the same page lists (`ec2:…`,
 * `lambda:…`, …), with each key's data type and whether it is multivalued, as AWS documents them in
 * "AWS global condition context keys":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * (each key's "Data type" and "Value type" lines; a "(list)" data type is written ArrayOf… here, the
 * vocabulary of the Service Authorization Reference that iam-data.ts uses for service keys).
 *
 * `aws:SourceOwner` is not on that page any more, but S3's "The meaning of 'public'" still names it among the
 * keys that make a policy non-public
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html): the two pages
 * disagree, so it is kept, marked `legacy`.
 */
import type { ConditionKeyType } from "./service-reference.js";

export interface GlobalConditionKey {
  /** Canonical spelling; a tag key is written `${TagKey}`. */
  key: string;
  type: ConditionKeyType;
  /** Operator families the key also works with beyond its type (aws:EpochTime is a Date and a Numeric key). */
  alsoWorksWith?: readonly ("Numeric" | "Arn")[];
  multivalued: boolean;
  /** Listed with the cross-service keys of the page rather than as an `aws:` key. */
  crossService?: boolean;
  /** Not on the current global keys page. */
  legacy?: boolean;
}

const single = (key: string, type: ConditionKeyType, extra: Partial<GlobalConditionKey> = {}): GlobalConditionKey => ({ key, type, multivalued: false, ...extra });
const multi = (key: string): GlobalConditionKey => ({ key, type: "ArrayOfString", multivalued: true });
const crossService = { crossService: true } as const;

export const GLOBAL_CONDITION_KEYS: readonly GlobalConditionKey[] = [
  // Properties of the principal
  single("aws:PrincipalArn", "ARN"),
  single("aws:PrincipalAccount", "String"),
  multi("aws:PrincipalOrgPaths"),
  single("aws:PrincipalOrgID", "String"),
  single("aws:PrincipalTag/${TagKey}", "String"),
  single("aws:PrincipalIsAWSService", "Bool"),
  single("aws:PrincipalServiceName", "String"),
  multi("aws:PrincipalServiceNamesList"),
  single("aws:PrincipalType", "String"),
  single("aws:userid", "String"),
  single("aws:username", "String"),
  // Properties of a role session
  single("aws:AssumedRoot", "Bool"),
  // "String*": a string for AWS's own identity providers, an ARN for the others.
  single("aws:FederatedProvider", "String", { alsoWorksWith: ["Arn"] }),
  single("aws:TokenIssueTime", "Date"),
  single("aws:SignInSessionArn", "ARN"),
  single("aws:MultiFactorAuthAge", "Numeric"),
  single("aws:MultiFactorAuthPresent", "Bool"),
  single("aws:ChatbotSourceArn", "ARN"),
  single("aws:Ec2InstanceSourceVpc", "String"),
  single("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"),
  single("aws:SourceIdentity", "String"),
  single("ec2:RoleDelivery", "Numeric", crossService),
  single("ec2:SourceInstanceArn", "ARN", crossService),
  single("glue:RoleAssumedBy", "String", crossService),
  single("glue:CredentialIssuingService", "String", crossService),
  single("codebuild:BuildArn", "ARN", crossService),
  single("codebuild:ProjectArn", "ARN", crossService),
  single("lambda:SourceFunctionArn", "ARN", crossService),
  single("ssm:SourceInstanceArn", "ARN", crossService),
  single("identitystore:UserId", "String", crossService),
  // Properties of the network
  single("aws:SourceIp", "IPAddress"),
  single("aws:SourceVpc", "String"),
  single("aws:SourceVpcArn", "ARN"),
  single("aws:SourceVpce", "String"),
  single("aws:VpceAccount", "String"),
  single("aws:VpceOrgID", "String"),
  multi("aws:VpceOrgPaths"),
  single("aws:VpcSourceIp", "IPAddress"),
  // Properties of the resource
  single("aws:ResourceAccount", "String"),
  multi("aws:ResourceOrgPaths"),
  single("aws:ResourceOrgID", "String"),
  single("aws:ResourceTag/${TagKey}", "String"),
  // Properties of the request
  multi("aws:CalledVia"),
  single("aws:CalledViaFirst", "String"),
  single("aws:CalledViaLast", "String"),
  single("aws:ViaAWSService", "Bool"),
  single("aws:CalledViaAWSMCP", "String"),
  single("aws:ViaAWSMCPService", "Bool"),
  single("aws:CurrentTime", "Date"),
  single("aws:EpochTime", "Date", { alsoWorksWith: ["Numeric"] }),
  single("aws:referer", "String"),
  single("aws:RequestedRegion", "String"),
  single("aws:RequestTag/${TagKey}", "String"),
  multi("aws:TagKeys"),
  single("aws:SecureTransport", "Bool"),
  single("aws:SourceAccount", "String"),
  single("aws:SourceArn", "ARN"),
  single("aws:SourceOrgID", "String"),
  multi("aws:SourceOrgPaths"),
  single("aws:UserAgent", "String"),
  single("aws:IsMcpServiceAction", "Bool"),
  // Not on the current page; S3's "meaning of public" still lists it.
  single("aws:SourceOwner", "String", { legacy: true }),
];

export interface GlobalKeyMatch {
  /** The canonical spelling of the key as written (a tag key keeps the policy's spelling). */
  key: string;
  definition: GlobalConditionKey;
}

let exact: Map<string, GlobalConditionKey> | undefined;
let templated: { stem: string; definition: GlobalConditionKey }[] | undefined;

function index(): { exact: Map<string, GlobalConditionKey>; templated: { stem: string; definition: GlobalConditionKey }[] } {
  if (!exact || !templated) {
    exact = new Map();
    templated = [];
    for (const definition of GLOBAL_CONDITION_KEYS) {
      const at = definition.key.indexOf("${");
      if (at < 0) exact.set(definition.key.toLowerCase(), definition);
      else templated.push({ stem: definition.key.slice(0, at), definition });
    }
  }
  return { exact, templated };
}

/** A global or cross-service key from the list above, case-insensitive; undefined when it is not one. */
export function globalConditionKey(key: string): GlobalKeyMatch | undefined {
  const { exact: byName, templated: stems } = index();
  const definition = byName.get(key.toLowerCase());
  if (definition) return { key: definition.key, definition };
  const lower = key.toLowerCase();
  for (const { stem, definition: d } of stems) {
    if (lower.startsWith(stem.toLowerCase()) && key.length > stem.length) return { key: stem + key.slice(stem.length), definition: d };
  }
  return undefined;
}
