// @ts-check
/**
 * electron-builder's Windows signing hook (electron-builder.yml win.signtoolOptions.sign): signs
 * one file with signtool, by Azure Trusted Signing or by a certificate on a hardware token, as the
 * environment says (scripts/release/policy.mjs windowsSigning; docs/releasing.md lists the
 * variables). Nothing here holds a secret: the token keeps its key (and asks for its PIN), the
 * Azure dlib reads its Entra ID credentials from the environment.
 *
 * Runs on Windows (signtool.exe from the Windows SDK; SIGNTOOL_PATH if it is not on the PATH).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signtoolArguments, windowsSigning } from './release/policy.mjs';

/** @param {{ path: string }} configuration electron-builder's CustomWindowsSignTaskConfiguration */
export async function sign(configuration) {
  const decided = windowsSigning(process.env);
  if (!decided.ok) throw new Error(`sign-windows: ${decided.problems.join(' ')}`);
  const signtool = process.env.SIGNTOOL_PATH || 'signtool.exe';
  if (decided.signing.method !== 'azure') {
    execFileSync(signtool, signtoolArguments(decided.signing, configuration.path), { stdio: 'inherit' });
    return;
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'clinic-sign-'));
  try {
    const metadataFile = path.join(folder, 'metadata.json');
    writeFileSync(metadataFile, JSON.stringify(decided.signing.metadata));
    execFileSync(signtool, signtoolArguments(decided.signing, configuration.path, metadataFile), { stdio: 'inherit' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
