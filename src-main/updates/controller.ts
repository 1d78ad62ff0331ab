/**
 * Applies the update policy (policy.ts) to electron-updater: reads the clinic's and the computer's
 * policy before every check, points the updater at the feed, takes or refuses what the feed
 * offers, downloads in the background, and installs only on an explicit restart or at a quiet time
 * when no screen holds unsaved work. It is handed an updater (src-main/electron/updates.ts makes
 * the real one; the tests make electron-updater's classes with a loopback HTTP executor), so it
 * runs in plain Node.
 *
 * Proxy: the controller never sets the updater's HTTP executor. electron-updater's own one uses
 * Electron's net module in the updater's session, which follows the system's proxy settings.
 * Nothing here logs anything but versions, phases and error codes (no patient data exists here).
 */
import type { AppUpdater, UpdateCheckResult, UpdateInfo } from 'electron-updater';
import type { UpdatePhase, UpdatePolicy, UpdateStatus } from '../../src-shared/updates/schema';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { describeMachinePolicy, readMachinePolicy } from './machine-policy';
import {
  decideOffer,
  effectivePolicy,
  FIRST_CHECK_AFTER_MS,
  installDecision,
  nextCheckAfter,
  stagingBucket,
  withinRollout,
  type BuildFeed,
  type EffectivePolicy,
  type InstallKind,
} from './policy';

/** What the controller uses of electron-updater's AppUpdater. */
export type UpdaterPort = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'isUserWithinRollout' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'on'
>;

/** A request the updater cannot do now (nothing downloaded, unsaved work, no updater here). */
export class UpdateRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateRefusal';
  }
}

/** What the RPC handlers use: the desktop's controller, or browser mode's stand-in. */
export interface UpdateService {
  status(): Promise<UpdateStatus>;
  check(): Promise<UpdateStatus>;
  /** beforeInstall runs once the install is allowed, before the app quits (the audit entry). */
  restartNow(beforeInstall?: () => Promise<void>): Promise<UpdateStatus>;
  installTonight(): Promise<UpdateStatus>;
  /** Re-reads the policy after Admin changed it. */
  policyChanged(): Promise<UpdateStatus>;
  reportBusy(sessionId: string, busy: boolean): void;
  /** Runs what is due: a scheduled check, tonight's install. */
  tick(): Promise<void>;
  start(): void;
  stop(): void;
}

export interface UpdateControllerDeps {
  /** null where this runtime has no updater: `unsupportedReason` says why. */
  updater: UpdaterPort | null;
  unsupportedReason?: string;
  installKind: InstallKind;
  currentVersion: string;
  /** A stable id of this installation (the workstation's device id): its place in staged rollouts. */
  installationId: string;
  readClinicPolicy(): Promise<UpdatePolicy>;
  machinePolicyFile: string;
  /** The feed this build names (resources/app-update.yml), if any. */
  buildFeed?: BuildFeed | null;
  clock: Clock;
  logger: Logger;
  /** Whether a session that reported unsaved work is still signed in (a signed-out one holds none). */
  isSessionLive(sessionId: string): boolean;
  /** The hour on this computer's clock (tests pass their own). */
  hourOf?: (date: Date) => number;
  /** How often tick() runs once started. */
  tickEveryMs?: number;
  /** How long "restart now" waits before quitting, so that its answer reaches the screen first. */
  installDelayMs?: number;
}

const TICK_EVERY_MS = 5 * 60 * 1000;

const OFFER_REFUSED: Record<'same' | 'older' | 'invalid-version' | 'not-in-rollout', (version: string) => string> = {
  same: () => 'This is the newest version.',
  older: (v) => `The feed offers ${v}, which is older than this version: refused (allow downgrades in the policy to step back).`,
  'invalid-version': (v) => `The feed offers a version that is not a valid version number ("${v.slice(0, 40)}"): refused.`,
  'not-in-rollout': (v) => `Version ${v} is being rolled out in stages; this computer is not in the current stage yet.`,
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A sentence for the Admin screen from an updater error: from its code, never its text (which quotes URLs and paths). */
export function describeUpdateError(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : '';
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (code === 'ERR_CHECKSUM_MISMATCH') return 'The downloaded update does not match the checksum its feed published: it was deleted and will not be installed.';
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return 'The downloaded update is not signed by the clinic’s software publisher: it was deleted and will not be installed.';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return 'The feed has no update information (latest*.yml) at this address: check the address, and that the release was published.';
  if (code === 'ERR_UPDATER_INVALID_UPDATE_INFO' || code === 'ERR_UPDATER_NO_FILES_PROVIDED' || code === 'ERR_UPDATER_INVALID_VERSION' || (error instanceof Error && error.name === 'YAMLException')) {
    return 'The feed’s update information is malformed: it was ignored.';
  }
  if (/ERR_CERT|CERT_|SELF_SIGNED|UNABLE_TO_VERIFY/.test(`${code ?? ''} ${message}`)) return 'The feed’s HTTPS certificate is not trusted by this computer: nothing was downloaded.';
  const network = /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/.exec(code ?? '')?.[0] ?? /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (network) return `The update feed cannot be reached (${network}).`;
  if (typeof status === 'number') return `The update feed answered with an error (HTTP ${status}).`;
  return `The update failed (${error instanceof Error ? error.name : 'error'}${code ? `, ${code}` : ''}).`;
}

export function createUpdateController(deps: UpdateControllerDeps): UpdateService {
  const { updater, clock, logger } = deps;
  const hourOf = deps.hourOf ?? ((date: Date) => date.getHours());
  const bucket = stagingBucket(deps.installationId);
  const busySessions = new Set<string>();

  let phase: UpdatePhase = 'idle';
  let note: string | null = null;
  let offeredVersion: string | null = null;
  let downloadPercent: number | null = null;
  let lastCheckedAt: Date | null = null;
  let nextCheckAt: Date | null = updater ? new Date(clock.now().getTime() + FIRST_CHECK_AFTER_MS) : null;
  let lastError: { at: string; message: string } | null = null;
  let installTonight = false;
  let feedInUse: string | null = null;
  let checking: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function fail(error: unknown): void {
    phase = 'error';
    downloadPercent = null;
    lastError = { at: clock.now().toISOString(), message: describeUpdateError(error) };
    logger.warn('updates.failed', { errorName: error instanceof Error ? error.name : typeof error, errorCode: codeOf(error) ?? null });
  }

  if (updater) {
    // The decisions are ours: electron-updater only downloads what decideOffer took, and never
    // installs on its own when the app quits (that could be in the middle of a check-in).
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    updater.isUserWithinRollout = (info: UpdateInfo) => withinRollout(info.stagingPercentage, bucket);
    updater.logger = {
      info: () => undefined,
      warn: () => logger.warn('updates.updater_warning'),
      error: () => logger.warn('updates.updater_error'),
    };
    updater.on('download-progress', (progress) => {
      downloadPercent = Math.floor(progress.percent);
    });
    updater.on('update-downloaded', (event) => {
      phase = 'ready';
      downloadPercent = 100;
      offeredVersion = event.version;
      logger.info('updates.downloaded', { version: event.version });
    });
    updater.on('error', (error) => fail(error));
  }

  const busy = () => [...busySessions].some((id) => deps.isSessionLive(id));
  // The updater's 'error' event has usually reported a failed check before its promise rejects.
  const alreadyFailed = () => phase === 'error';

  async function effective(): Promise<{ policy: UpdatePolicy; machine: ReturnType<typeof readMachinePolicy>; effective: EffectivePolicy }> {
    const policy = await deps.readClinicPolicy();
    const machine = readMachinePolicy(deps.machinePolicyFile);
    return { policy, machine, effective: effectivePolicy(policy, machine, deps.installKind, deps.buildFeed ?? null) };
  }

  async function status(): Promise<UpdateStatus> {
    const { policy, machine, effective: current } = await effective();
    const offReason = updater ? current.offReason : (deps.unsupportedReason ?? current.offReason);
    // A downloaded update stays ready to install even if updates were turned off since.
    const shownPhase: UpdatePhase = updater && (current.enabled || phase === 'ready') ? phase : 'off';
    return {
      supported: updater !== null,
      offReason: shownPhase === 'off' ? offReason : null,
      note: shownPhase === 'off' ? null : note,
      currentVersion: deps.currentVersion,
      policy,
      machinePolicy: { file: deps.machinePolicyFile, state: machine.state, message: describeMachinePolicy(machine) },
      feedUrl: current.feedUrl,
      ring: current.ring,
      phase: shownPhase,
      offeredVersion,
      downloadPercent,
      lastCheckedAt: lastCheckedAt?.toISOString() ?? null,
      nextCheckAt: shownPhase === 'off' ? null : (nextCheckAt?.toISOString() ?? null),
      installTonight,
      busy: busy(),
      lastError,
    };
  }

  async function runCheck(active: UpdaterPort, policy: EffectivePolicy): Promise<void> {
    // The stable ring reads latest*.yml, the beta ring beta*.yml (each ring at its own address).
    const channel = policy.ring === 'beta' ? 'beta' : 'latest';
    if (feedInUse !== `${channel} ${policy.feedUrl}`) {
      active.setFeedURL({ provider: 'generic', url: policy.feedUrl!, channel });
      feedInUse = `${channel} ${policy.feedUrl}`;
    }
    active.allowDowngrade = policy.allowDowngrade;
    phase = 'checking';
    note = null;
    lastCheckedAt = clock.now();
    let result: UpdateCheckResult | null;
    try {
      result = await active.checkForUpdates();
    } catch (error) {
      if (!alreadyFailed()) fail(error);
      nextCheckAt = nextCheckAfter(clock.now(), 'failed');
      return;
    }
    nextCheckAt = nextCheckAfter(clock.now(), 'ok');
    lastError = null;
    if (!result) {
      phase = 'off';
      note = 'The updater is not active in this copy of the app.';
      return;
    }
    const offered = result.updateInfo.version;
    const decision = decideOffer({ current: deps.currentVersion, offered, allowDowngrade: policy.allowDowngrade, stagingPercentage: result.updateInfo.stagingPercentage, bucket });
    logger.info('updates.checked', { offered, taken: decision.take && result.isUpdateAvailable });
    if (!decision.take || !result.isUpdateAvailable) {
      phase = 'up-to-date';
      offeredVersion = null;
      note = decision.take ? 'The updater found nothing to install for this computer.' : OFFER_REFUSED[decision.reason](offered);
      return;
    }
    offeredVersion = offered;
    phase = 'downloading';
    downloadPercent = 0;
    // Download in the background; 'update-downloaded' or 'error' says how it ended.
    active.downloadUpdate().catch(() => undefined);
  }

  async function check(): Promise<void> {
    if (checking) return checking;
    checking = (async () => {
      try {
        const { effective: current } = await effective();
        if (!updater || !current.enabled || phase === 'downloading' || phase === 'ready') return;
        await runCheck(updater, current);
      } catch (error) {
        fail(error);
      } finally {
        checking = null;
      }
    })();
    return checking;
  }

  function install(active: UpdaterPort, delayMs: number): void {
    installTonight = false;
    logger.info('updates.installing', { version: offeredVersion });
    // Silent installer, and the app starts again once it is done.
    setTimeout(() => active.quitAndInstall(true, true), delayMs);
  }

  function needUpdater(): UpdaterPort {
    if (!updater) throw new UpdateRefusal(deps.unsupportedReason ?? 'This copy of the app has no updater.');
    return updater;
  }

  const service: UpdateService = {
    status,
    async check() {
      needUpdater();
      await check();
      return status();
    },
    async restartNow(beforeInstall) {
      const active = needUpdater();
      const decision = installDecision({ request: 'now', downloaded: phase === 'ready', busy: busy(), hour: hourOf(clock.now()) });
      if (!decision.install) {
        throw new UpdateRefusal(
          decision.reason === 'busy'
            ? 'A screen has unsaved work (a form or a check-in under way): finish or close it, then restart. Or choose “Install tonight”.'
            : 'No update has been downloaded yet.',
        );
      }
      await beforeInstall?.();
      install(active, deps.installDelayMs ?? 500);
      return status();
    },
    async installTonight() {
      needUpdater();
      if (phase !== 'ready') throw new UpdateRefusal('No update has been downloaded yet.');
      installTonight = true;
      await service.tick();
      return status();
    },
    async policyChanged() {
      if (updater) nextCheckAt = clock.now();
      await service.tick();
      return status();
    },
    reportBusy(sessionId, isBusy) {
      if (isBusy) busySessions.add(sessionId);
      else busySessions.delete(sessionId);
    },
    async tick() {
      if (!updater) return;
      const now = clock.now();
      if (installTonight) {
        if (installDecision({ request: 'tonight', downloaded: phase === 'ready', busy: busy(), hour: hourOf(now) }).install) install(updater, 0);
        return;
      }
      if (nextCheckAt !== null && now.getTime() >= nextCheckAt.getTime()) await check();
    },
    start() {
      if (timer || !updater) return;
      timer = setInterval(() => void service.tick(), deps.tickEveryMs ?? TICK_EVERY_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return service;
}

/** Browser mode (and any runtime without an updater): status says why; actions are refused. */
export function noUpdater(deps: Omit<UpdateControllerDeps, 'updater' | 'installationId' | 'unsupportedReason'>, reason: string): UpdateService {
  return createUpdateController({ ...deps, updater: null, unsupportedReason: reason, installationId: 'none' });
}
