import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { MESSAGE_STATUS_LABELS, MESSAGE_STATUSES, type Message, type MessageDetail, type MessageKind, type MessageList, type MessageStatus } from '../../../../src-shared/messages/schema';
import type { RpcResult } from '../../../../src-shared/rpc/errors';
import { useTableVersion } from '../../../lib/change-feed';
import { call } from '../../../lib/rpc';
import { localIsoDate } from '../../../../src-shared/validation/dates';
import { Loaded } from '../../admin/Loaded';
import { ItemsTable } from '../../admin/table';
import { useLoad } from '../../admin/useLoad';
import { plainKey, useScreenKeys } from '../../schedule/schedule-keys';
import { useMessageActions, type Notice } from './message-actions';
import { aboutLine, dueLabel, shortInstant, subjectOf, UrgencyBadge } from './message-labels';
import { MessageDetailPanel } from './MessageDetailPanel';
import { TakeMessageDialog } from './TakeMessageDialog';

type Box = 'mine' | 'providers' | 'sent';

interface BoxTab {
  path: string;
  box: Box;
  label: string;
  /** The column naming the other person: who took it (my inbox) or whom it is for. */
  whoColumn: string;
}

const BOXES: BoxTab[] = [
  { path: '/', box: 'mine', label: 'My inbox', whoColumn: 'Taken by' },
  { path: '/providers', box: 'providers', label: 'Provider messages', whoColumn: 'For' },
  { path: '/sent', box: 'sent', label: 'Taken by me', whoColumn: 'For' },
];

const EMPTY: Record<MessageStatus, string> = {
  new: 'No new messages.',
  in_progress: 'Nothing in progress.',
  done: 'Nothing done yet.',
};

/** Messages and tasks: my inbox, the providers' messages, what I took; by status, the most pressing first. */
export function MessagesPage() {
  const [location] = useLocation();
  const current = BOXES.find((tab) => tab.path === location) ?? BOXES[0]!;
  return <MessageBoxView key={current.box} tab={current} />;
}

const loadBox = (box: Box, status: MessageStatus): Promise<RpcResult<MessageList>> =>
  box === 'sent' ? call('messages.sent', { status }) : call('messages.inbox', { box, status });

/** The open message's answer; null while it loads (an earlier message's answer is not shown for it). */
function detailOf(detail: RpcResult<MessageDetail | null> | null, openId: string | null): RpcResult<MessageDetail> | null {
  if (!detail || !openId) return null;
  if (!detail.ok) return detail;
  return detail.value?.message.id === openId ? { ok: true, value: detail.value } : null;
}

function MessageBoxView({ tab }: { tab: BoxTab }) {
  const version = useTableVersion('messages');
  const [status, setStatus] = useState<MessageStatus>('new');
  const [list, reload] = useLoad(() => loadBox(tab.box, status), `${tab.box}:${status}:${version}`);
  const [cursor, setCursor] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [detail] = useLoad<MessageDetail | null>(() => (openId ? call('messages.get', { id: openId }) : Promise.resolve({ ok: true, value: null })), `${openId}:${version}`);
  const [taking, setTaking] = useState<MessageKind | null>(null);
  const [saved, setSaved] = useState<Notice | null>(null);
  const actions = useMessageActions(reload);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const items = list?.ok ? list.value.items : [];
  const index = Math.min(cursor, items.length - 1);
  const selected = items[index] ?? null;
  // The keys act on the open message (it may have left this tab: started, done), else on the highlighted one.
  const openDetail = detailOf(detail, openId);
  const opened = openDetail?.ok ? openDetail.value.message : null;
  const target = opened ?? selected;

  useEffect(() => {
    listRef.current?.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }, [index, items.length]);
  // Arriving on a list, the keys work at once (not on the tab that was clicked).
  useEffect(() => listRef.current?.focus({ preventScroll: true }), []);

  const open = (message: Message) => {
    setOpenId(message.id);
    requestAnimationFrame(() => headingRef.current?.focus());
  };
  const close = () => {
    setOpenId(null);
    listRef.current?.focus();
  };
  const showStatus = (next: MessageStatus) => {
    setStatus(next);
    setCursor(0);
  };

  useScreenKeys((event) => {
    if (!plainKey(event)) return false;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const onControl = event.target instanceof Element && event.target.closest('button, a') !== null;
    switch (key) {
      case 'm':
        setTaking('phone_message');
        return true;
      case 't':
        setTaking('task');
        return true;
      case '1':
      case '2':
      case '3':
        showStatus(MESSAGE_STATUSES[Number(key) - 1]!);
        return true;
      case 'ArrowDown':
      case 'ArrowUp':
        setCursor(Math.max(0, Math.min(items.length - 1, index + (key === 'ArrowDown' ? 1 : -1))));
        return true;
      case 'Enter':
        if (onControl || !selected) return false;
        open(selected);
        return true;
      case 'Escape':
        if (!openId) return false;
        close();
        return true;
    }
    if (!target) return false;
    const act = { s: actions.start, d: actions.finish, r: actions.route, o: actions.reopen }[key];
    if (!act) return false;
    act(target);
    return true;
  });

  const notice = actions.notice ?? saved;
  const counts = list?.ok ? list.value.counts : null;
  return (
    <section className="page page-wide messages-page" aria-labelledby="messages-title" data-testid="messages-page">
      <div className="page-head">
        <div>
          <h1 id="messages-title">Messages and tasks</h1>
          <p className="hint messages-keys" data-testid="messages-keys">
            <kbd>M</kbd> message · <kbd>T</kbd> task · <kbd>↑</kbd>
            <kbd>↓</kbd> choose · <kbd>Enter</kbd> open · <kbd>S</kbd> start · <kbd>D</kbd> done · <kbd>R</kbd> route · <kbd>O</kbd> reopen · <kbd>1</kbd>–<kbd>3</kbd> status
          </p>
        </div>
        <div className="actions messages-new">
          <button type="button" className="primary" onClick={() => setTaking('phone_message')} data-testid="take-message">
            Take a message <kbd>M</kbd>
          </button>
          <button type="button" onClick={() => setTaking('task')} data-testid="new-task">
            New task <kbd>T</kbd>
          </button>
        </div>
      </div>
      <nav className="tabs" aria-label="Message lists">
        {BOXES.map((box) => (
          <Link key={box.box} href={box.path} className={box.box === tab.box ? 'tab current' : 'tab'} aria-current={box.box === tab.box ? 'page' : undefined} data-testid={`messages-box-${box.box}`}>
            {box.label}
          </Link>
        ))}
      </nav>
      {notice && (
        <p className={notice.error ? 'banner banner-error' : 'banner banner-info'} role={notice.error ? 'alert' : 'status'} data-testid="messages-notice">
          {notice.text}
        </p>
      )}
      <div className="message-status-tabs" role="group" aria-label="Status">
        {MESSAGE_STATUSES.map((value) => (
          <button key={value} type="button" aria-pressed={value === status} onClick={() => showStatus(value)} data-testid={`messages-status-${value}`}>
            {MESSAGE_STATUS_LABELS[value]} <span className="message-count">{counts ? counts[value] : '…'}</span>
          </button>
        ))}
        {list?.ok && list.value.overdue > 0 && (
          <span className="badge message-badge badge-overdue" data-testid="messages-overdue">
            {list.value.overdue} overdue
          </span>
        )}
      </div>
      <div className={openId ? 'messages-columns with-detail' : 'messages-columns'}>
        <div className="messages-list" ref={listRef} tabIndex={-1} aria-label={`${tab.label}: ${MESSAGE_STATUS_LABELS[status]}`}>
          <Loaded result={list}>
            {(value) => (
              <ItemsTable
                items={value.items}
                empty={
                  <p className="hint" data-testid="messages-empty">
                    {EMPTY[status]}
                  </p>
                }
                columns={['Urgency', 'Message', tab.whoColumn, 'Due']}
                className="messages-table"
                testId="messages-table"
              >
                {(message, i) => (
                  <MessageRow
                    key={message.id}
                    message={message}
                    tab={tab}
                    selected={i === index}
                    opened={message.id === openId}
                    onSelect={() => setCursor(i)}
                    onOpen={() => {
                      setCursor(i);
                      open(message);
                    }}
                  />
                )}
              </ItemsTable>
            )}
          </Loaded>
        </div>
        {openId && <MessageDetailPanel detail={openDetail} actions={actions} onClose={close} headingRef={headingRef} />}
      </div>
      {actions.dialog}
      {taking && (
        <TakeMessageDialog
          kind={taking}
          today={list?.ok ? list.value.today : localIsoDate()}
          onClose={(message) => {
            setTaking(null);
            if (message) setSaved({ text: `${message.kind === 'task' ? 'Task' : 'Message'} for ${message.recipient.name} saved.`, error: false });
          }}
        />
      )}
    </section>
  );
}

interface MessageRowProps {
  message: Message;
  tab: BoxTab;
  selected: boolean;
  opened: boolean;
  onSelect(): void;
  onOpen(): void;
}

/** A row opens on a click anywhere in it; its reason is a button, so Tab and a screen reader reach it too. */
function MessageRow({ message, tab, selected, opened, onSelect, onOpen }: MessageRowProps) {
  const classes = ['message-row', selected ? 'selected' : '', message.overdue ? 'overdue' : '', message.status === 'new' ? 'unread' : ''].filter(Boolean).join(' ');
  const who = tab.box === 'mine' ? (message.takenBy?.displayName ?? '—') : message.recipient.name;
  return (
    <tr className={classes} aria-current={opened ? 'true' : undefined} onClick={onOpen} data-testid="message-row">
      <td className="message-urgency">
        <UrgencyBadge message={message} />
      </td>
      <td className="message-text">
        <button type="button" className="link-button message-subject" onFocus={onSelect} data-testid="message-subject">
          {subjectOf(message)}
        </button>
        <div className="subtle message-about">{aboutLine(message)}</div>
      </td>
      <td className="message-who">
        {who}
        <div className="hint">{shortInstant(message.takenAt)}</div>
      </td>
      <td className={message.overdue ? 'message-due overdue' : 'message-due'}>{dueLabel(message)}</td>
    </tr>
  );
}
