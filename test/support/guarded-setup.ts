/** What the guarded-apply tests against moto share: the buckets an MRAP is made of, and the clients a guarded call uses. */
import { CreateBucketCommand, PutBucketPolicyCommand, type BucketLocationConstraint } from "@aws-sdk/client-s3";
import type { GuardOptions } from "../../src/apply/types.js";
import { accessAnalyzerClient, s3Client, s3ControlClient } from "./clients.js";

/**
 * Creates each bucket in its Region with a policy that delegates access to the MRAPs of `account`
 * (s3:DataAccessPointAccount), as an MRAP's buckets need before its policy is applied.
 */
export async function createDelegatingBuckets(motoUrl: string, regions: Readonly<Record<string, string>>, account: string): Promise<void> {
  const s3 = s3Client(motoUrl);
  for (const [bucket, region] of Object.entries(regions)) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }));
    const delegation = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
          Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
          Condition: { StringEquals: { "s3:DataAccessPointAccount": account } },
        },
      ],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(delegation) }));
  }
}

/** The SDK clients of a guarded call: S3 Control and S3 through `proxyUrl`, Access Analyzer at `analyzerUrl`. */
export function guardClients(proxyUrl: string, analyzerUrl: string): NonNullable<GuardOptions["clients"]> {
  return { s3Control: s3ControlClient(proxyUrl), s3: s3Client(proxyUrl), accessAnalyzer: accessAnalyzerClient(analyzerUrl) };
}
