import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after } from "node:test";

/** A throwaway project folder (with .git so it is its own root) that is removed after the test file. */
export async function project(files: Record<string, string>, options: { git?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mrap-guard-test-"));
  after(() => rm(dir, { recursive: true, force: true }));
  if (options.git !== false) await mkdir(join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    if (text.startsWith("symlink:")) await symlink(text.slice("symlink:".length), join(dir, name));
    else await writeFile(join(dir, name), text);
  }
  return dir;
}

export const CLEAN_MANIFEST = `AccountId: "111122223333"
MultiRegionAccessPoint:
  Name: orders-global
  PublicAccessBlock:
    BlockPublicAcls: true
    IgnorePublicAcls: true
    BlockPublicPolicy: true
    RestrictPublicBuckets: true
  Regions:
    - Bucket: orders-use1
      Region: us-east-1
    - Bucket: orders-euw1
      Region: eu-west-1
`;
