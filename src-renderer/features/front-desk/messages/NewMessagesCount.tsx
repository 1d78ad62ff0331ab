import { useTableVersion } from '../../../lib/change-feed';
import { call } from '../../../lib/rpc';
import { useLoad } from '../../admin/useLoad';

/** The number of new messages in my inbox, for the Messages tab's label; nothing while there are none. */
export function NewMessagesCount() {
  const version = useTableVersion('messages');
  const [inbox] = useLoad(() => call('messages.inbox', { box: 'mine', status: 'new' }), version);
  const count = inbox?.ok ? inbox.value.counts.new : 0;
  if (count === 0) return null;
  return (
    <span className="tab-count" aria-label={`${count} new`} data-testid="messages-new-count">
      {count}
    </span>
  );
}
