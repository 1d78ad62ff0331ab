/**
 * This computer's update policy file, written by IT (Group Policy, Intune, a deployment script),
 * for machines whose updates are managed centrally (MSI installs, locked-down clinics):
 *
 *   Windows  %ProgramData%\Clinic Office\policy.json
 *   macOS    /Library/Application Support/Clinic Office/policy.json
 *   Linux    /etc/clinic-office/policy.json
 *
 *   { "updates": "off" }                                       no in-app updates on this computer
 *   { "updates": "on", "ring": "stable", "feedUrl": "https://updates.clinic.example/stable/" }
 *                                                               updates as the clinic decides, with
 *                                                               this ring and feed pinned
 *
 * A file that exists but cannot be read or understood turns updates off, and says why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkFeedUrl } from '../../src-shared/updates/feed-url';
import { UPDATE_RINGS } from '../../src-shared/updates/schema';

export const MACHINE_POLICY_MAX_BYTES = 64 * 1024;

const machinePolicySchema = z.strictObject({
  updates: z.enum(['on', 'off']),
  ring: z.enum(UPDATE_RINGS).optional(),
  feedUrl: z
    .string()
    .transform((text, ctx) => {
      const checked = checkFeedUrl(text);
      if (checked.ok) return checked.url;
      ctx.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    })
    .optional(),
});
export type MachinePolicy = z.infer<typeof machinePolicySchema>;

export type MachinePolicyRead = { state: 'absent' } | { state: 'in-force'; policy: MachinePolicy } | { state: 'invalid'; message: string };

/** Where the policy file is looked for on this operating system. */
export function machinePolicyFile(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Clinic Office', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/Clinic Office/policy.json';
  return '/etc/clinic-office/policy.json';
}

export function readMachinePolicy(file: string): MachinePolicyRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return { state: 'absent' };
    return { state: 'invalid', message: `it cannot be read${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  if (bytes.length > MACHINE_POLICY_MAX_BYTES) return { state: 'invalid', message: 'it is far too large to be a policy file' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return { state: 'invalid', message: 'it is not valid JSON' };
  }
  const result = machinePolicySchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
    const what = issue.code === 'unrecognized_keys' ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
    return { state: 'invalid', message: `${where}${what}` };
  }
  return { state: 'in-force', policy: result.data };
}

/** What the policy file does, in a sentence for the Admin screen. */
export function describeMachinePolicy(read: MachinePolicyRead): string | null {
  if (read.state === 'absent') return null;
  if (read.state === 'invalid') return `The file cannot be used: ${read.message}. In-app updates are off until it is fixed.`;
  const { policy } = read;
  if (policy.updates === 'off') return 'In-app updates are turned off on this computer.';
  const pins = [policy.ring ? `the ${policy.ring} ring` : null, policy.feedUrl ? `the feed ${policy.feedUrl}` : null].filter((p) => p !== null);
  return pins.length > 0 ? `Updates follow the clinic’s policy, with ${pins.join(' and ')} set by this computer.` : 'Updates follow the clinic’s policy.';
}
