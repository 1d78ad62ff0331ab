/**
 * The administrator's command line: `npm run clinic -- <command> [--data-dir DIR] [--dev-key-file F]`.
 * The data folder's key comes from $CLINIC_MASTER_KEY (or --dev-key-file), as in browser mode.
 */
import { auditVerify } from './audit';
import { backupCommand, restoreCommand, verifyBackupCommand } from './backup';
import type { Command } from './common';

const COMMANDS: Record<string, Command> = {
  'audit verify': auditVerify,
  backup: backupCommand,
  restore: restoreCommand,
  'verify-backup': verifyBackupCommand,
};

function usage(): string {
  return `Usage: npm run clinic -- <command> [options]\nCommands:\n${Object.keys(COMMANDS)
    .map((name) => `  ${name}`)
    .join('\n')}\nOptions: --data-dir DIR, --dev-key-file FILE (else $CLINIC_MASTER_KEY)`;
}

async function main(argv: string[]): Promise<number> {
  const name = Object.keys(COMMANDS).find((candidate) => argv.join(' ').startsWith(candidate));
  if (!name) {
    console.error(usage());
    return 2;
  }
  return COMMANDS[name]!(argv.slice(name.split(' ').length));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`clinic: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
