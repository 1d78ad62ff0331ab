import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { UPDATE_RINGS, updatePolicySchema, type UpdatePhase, type UpdateRing, type UpdateStatus } from '../../../src-shared/updates/schema';
import { askConfirm } from '../../lib/confirm';
import { formatInstant } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { focusFirstError, SelectField, serverFieldErrors, TextField, zodFieldErrors, type FieldErrors } from '../auth/fields';
import { Loaded } from './Loaded';
import { useLoad } from './useLoad';

type Message = { kind: 'ok' | 'error'; text: string } | null;

const PHASE_LABELS: Record<UpdatePhase, string> = {
  off: 'Off',
  idle: 'Waiting for the first check',
  checking: 'Checking…',
  'up-to-date': 'Up to date',
  downloading: 'Downloading in the background',
  ready: 'Downloaded, ready to install',
  error: 'The last attempt failed',
};

const RING_LABELS: Record<UpdateRing, string> = { stable: 'Stable', beta: 'Beta (early releases, for a test computer)' };

const REFRESH_WHILE_BUSY_MS = 3_000;

/** Admin › Updates: what this computer runs and is offered, install now or tonight, and the clinic's update policy. */
export function UpdatesPage() {
  const [tick, setTick] = useState(0);
  const [status] = useLoad(() => call('updates.status', {}), tick);
  const [message, setMessage] = useState<Message>(null);
  const [policySaved, setPolicySaved] = useState(false);
  const [working, setWorking] = useState(false);
  const reload = () => setTick((n) => n + 1);
  const current = status?.ok ? status.value : null;

  // While a check or download runs, ask again every few seconds for its progress.
  useEffect(() => {
    if (current?.phase !== 'downloading' && current?.phase !== 'checking') return;
    const timer = setTimeout(() => setTick((n) => n + 1), REFRESH_WHILE_BUSY_MS);
    return () => clearTimeout(timer);
  }, [current]);

  const act = async (method: 'updates.check' | 'updates.restartNow' | 'updates.installTonight', done: (s: UpdateStatus) => string) => {
    setWorking(true);
    setMessage(null);
    const result = await call(method, {});
    setWorking(false);
    setMessage(result.ok ? { kind: 'ok', text: done(result.value) } : { kind: 'error', text: result.error.message });
    reload();
  };

  const restartNow = async () => {
    const ok = await askConfirm({
      title: 'Restart Clinic Office now?',
      message: `Clinic Office closes on this computer, installs ${current?.offeredVersion ?? 'the update'} and opens again. Anyone using this computer is signed out.`,
      confirmLabel: 'Restart and install',
      cancelLabel: 'Not now',
    });
    if (ok) await act('updates.restartNow', () => 'Clinic Office is restarting to install the update…');
  };

  return (
    <section className="page page-wide updates-page" aria-labelledby="updates-title" data-testid="updates-page">
      <div className="page-head">
        <div>
          <h1 id="updates-title">Updates</h1>
          <p className="subtle">Signed updates from the clinic’s feed, downloaded in the background; installed only when you say so, or tonight.</p>
        </div>
        <button
          type="button"
          className="primary"
          onClick={() => void act('updates.check', (s) => (s.phase === 'error' ? (s.lastError?.message ?? 'The check failed.') : 'Checked.'))}
          disabled={working || !current?.supported || current.phase === 'off'}
          data-testid="updates-check"
        >
          {working ? 'Working…' : 'Check now'}
        </button>
      </div>
      {message && (
        <div className={message.kind === 'ok' ? 'banner banner-info' : 'banner banner-error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="updates-message">
          {message.text}
        </div>
      )}
      <Loaded result={status}>
        {(value) => (
          <>
            <StatusPanel status={value} />
            {value.phase === 'ready' && <InstallPanel status={value} working={working} onRestart={() => void restartNow()} onTonight={() => void act('updates.installTonight', () => 'It will be installed tonight.')} />}
            <MachinePolicyPanel status={value} />
            <PolicyForm
              key={JSON.stringify(value.policy)}
              status={value}
              saved={policySaved}
              onSaved={() => {
                setPolicySaved(true);
                reload();
              }}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}

function StatusPanel({ status }: { status: UpdateStatus }) {
  return (
    <div className="panel" data-testid="updates-status" data-phase={status.phase}>
      {!status.supported && (
        <p className="banner banner-info" role="status" data-testid="updates-unsupported">
          {status.offReason}
        </p>
      )}
      {status.supported && status.offReason && (
        <p className="banner banner-warning" role="status" data-testid="updates-off">
          {status.offReason}
        </p>
      )}
      {status.lastError && (
        <p className="banner banner-error" role="alert" data-testid="updates-error">
          {status.lastError.message} <span className="subtle">({formatInstant(status.lastError.at)})</span>
        </p>
      )}
      <dl className="facts facts-compact">
        <Fact label="This version" testId="updates-current">
          {status.currentVersion}
        </Fact>
        <Fact label="Status" testId="updates-phase">
          {PHASE_LABELS[status.phase]}
          {status.phase === 'downloading' && status.downloadPercent !== null ? ` (${status.downloadPercent}%)` : ''}
        </Fact>
        <Fact label="Offered" testId="updates-offered">
          {status.offeredVersion ?? <span className="none">nothing new</span>}
        </Fact>
        <Fact label="Ring and feed">
          {status.feedUrl ? (
            <>
              {RING_LABELS[status.ring]} · <span className="mono">{status.feedUrl}</span>
            </>
          ) : (
            <span className="none">none in use</span>
          )}
        </Fact>
        <Fact label="Last checked">{status.lastCheckedAt ? formatInstant(status.lastCheckedAt) : <span className="none">not yet</span>}</Fact>
        <Fact label="Next check">{status.nextCheckAt ? formatInstant(status.nextCheckAt) : <span className="none">none planned</span>}</Fact>
      </dl>
      {status.note && (
        <p className="hint" data-testid="updates-note">
          {status.note}
        </p>
      )}
    </div>
  );
}

function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function InstallPanel({ status, working, onRestart, onTonight }: { status: UpdateStatus; working: boolean; onRestart(): void; onTonight(): void }) {
  return (
    <div className="panel" data-testid="updates-install">
      <h2>Install {status.offeredVersion}</h2>
      {status.busy && (
        <p className="banner banner-warning" role="status" data-testid="updates-busy">
          A screen on this computer has unsaved work (a form or a check-in under way): it restarts only once that is saved or closed.
        </p>
      )}
      {status.installTonight ? (
        <p className="banner banner-info" role="status" data-testid="updates-tonight">
          It will be installed tonight after 22:00, once no screen has unsaved work. Clinic Office then restarts by itself.
        </p>
      ) : (
        <p className="hint">A backup of the clinic’s data is made and checked before the new version changes anything.</p>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onRestart} disabled={working || status.busy} data-testid="updates-restart">
          Restart and install now
        </button>
        <button type="button" onClick={onTonight} disabled={working || status.installTonight} data-testid="updates-install-tonight">
          Install tonight
        </button>
      </div>
    </div>
  );
}

function MachinePolicyPanel({ status }: { status: UpdateStatus }) {
  const { machinePolicy } = status;
  return (
    <div className="panel" data-testid="updates-machine-policy" data-state={machinePolicy.state}>
      <h2>This computer’s policy file</h2>
      <p className="mono">{machinePolicy.file}</p>
      {machinePolicy.state === 'absent' ? (
        <p className="hint">None: this computer follows the clinic’s policy below. IT can turn updates off or pin the feed here (see the documentation).</p>
      ) : (
        <p className={machinePolicy.state === 'invalid' ? 'banner banner-error' : 'banner banner-info'} role={machinePolicy.state === 'invalid' ? 'alert' : 'status'}>
          {machinePolicy.message}
        </p>
      )}
    </div>
  );
}

const POLICY_FIELDS = ['ring', 'stableFeedUrl', 'betaFeedUrl'] as const;
type PolicyField = (typeof POLICY_FIELDS)[number];

const SAVED: Message = { kind: 'ok', text: 'Saved: every computer of the clinic follows it.' };

/** `saved`: the last save succeeded; kept by the page, because the form starts afresh from the saved policy. */
function PolicyForm({ status, saved, onSaved }: { status: UpdateStatus; saved: boolean; onSaved(): void }) {
  const initial = {
    enabled: status.policy.enabled,
    ring: status.policy.ring,
    stableFeedUrl: status.policy.stableFeedUrl ?? '',
    betaFeedUrl: status.policy.betaFeedUrl ?? '',
    allowDowngrade: status.policy.allowDowngrade,
  };
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<PolicyField>>({});
  const [message, setMessage] = useState<Message>(saved ? SAVED : null);
  const [saving, setSaving] = useState(false);
  const dirty = (Object.keys(initial) as (keyof typeof initial)[]).some((k) => values[k] !== initial[k]);
  useLeaveGuard(dirty, 'The update policy typed here has not been saved.');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const parsed = updatePolicySchema.safeParse(values);
    if (!parsed.success) {
      const found = zodFieldErrors<PolicyField>(parsed.error);
      setErrors(found);
      focusFirstError(POLICY_FIELDS, found, 'updates-');
      return;
    }
    setSaving(true);
    const result = await call('updates.setPolicy', values);
    setSaving(false);
    if (!result.ok) {
      const split = serverFieldErrors(result.error, POLICY_FIELDS);
      setErrors(split.fields);
      setMessage({ kind: 'error', text: split.general ?? result.error.message });
      return;
    }
    setErrors({});
    setMessage(SAVED);
    onSaved();
  };

  const text = (name: 'stableFeedUrl' | 'betaFeedUrl') => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));
  return (
    <form className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="updates-policy-title" data-testid="updates-policy">
      <h2 id="updates-policy-title">The clinic’s update policy</h2>
      {message && (
        <div className={message.kind === 'ok' ? 'banner banner-info' : 'banner banner-error'} role="status" data-testid="updates-policy-message">
          {message.text}
        </div>
      )}
      <label className="checkbox-line">
        <input type="checkbox" checked={values.enabled} onChange={(e) => setValues((v) => ({ ...v, enabled: e.target.checked }))} data-testid="updates-enabled" />
        Update Clinic Office from within the app
      </label>
      <SelectField
        id="updates-ring"
        label="Ring"
        value={values.ring}
        onChange={(e) => setValues((v) => ({ ...v, ring: e.target.value as UpdateRing }))}
        error={errors.ring}
        hint="Put one test computer on beta to try a release before the others"
      >
        {UPDATE_RINGS.map((ring) => (
          <option key={ring} value={ring}>
            {RING_LABELS[ring]}
          </option>
        ))}
      </SelectField>
      <TextField
        id="updates-stableFeedUrl"
        label="Stable feed"
        value={values.stableFeedUrl}
        onChange={text('stableFeedUrl')}
        error={errors.stableFeedUrl}
        placeholder="https://updates.example.org/clinic-office/stable/"
        hint="An https:// folder holding latest.yml (left empty: the feed this build came with, if any)"
      />
      <TextField
        id="updates-betaFeedUrl"
        label="Beta feed"
        value={values.betaFeedUrl}
        onChange={text('betaFeedUrl')}
        error={errors.betaFeedUrl}
        placeholder="https://updates.example.org/clinic-office/beta/"
        hint="An https:// folder holding beta.yml"
      />
      <label className="checkbox-line">
        <input type="checkbox" checked={values.allowDowngrade} onChange={(e) => setValues((v) => ({ ...v, allowDowngrade: e.target.checked }))} data-testid="updates-allow-downgrade" />
        Accept an older version from the feed (only to step back from a bad release)
      </label>
      <div className="actions">
        <button type="submit" disabled={saving || !dirty} data-testid="updates-save-policy">
          {saving ? 'Saving…' : 'Save update policy'}
        </button>
      </div>
    </form>
  );
}
