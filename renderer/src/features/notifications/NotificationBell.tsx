import { useEffect, useRef } from 'react';
import type { Notification, NotificationType } from '../../../../shared/notifications-contract.js';
import { useApp } from '../../store.js';
import { timeAgo } from './time-ago.js';

const TYPE_ICON: Record<NotificationType, string> = { ERROR: '!', SUCCESS: '✓', INFO: 'i' };

/** The header's bell: unread badge and a dropdown of recent notifications. */
export function NotificationBell() {
  const notifications = useApp((state) => state.notifications);
  const unread = useApp((state) => state.unread);
  const open = useApp((state) => state.bellOpen);
  const setOpen = useApp((state) => state.setBellOpen);
  const loadNotifications = useApp((state) => state.loadNotifications);
  const markRead = useApp((state) => state.markNotificationsRead);
  const openNotification = useApp((state) => state.openNotification);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void loadNotifications();
  }, [loadNotifications]);

  // Closes on a click elsewhere or Escape, as a menu does.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      // Back where the person was before opening it, as a menu button does.
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, setOpen]);

  const now = Date.now();
  return (
    <div className="bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-label={`Notifications, ${unread} unread`}
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        {unread > 0 && <span className="bell-badge">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div className="bell-panel" role="dialog" aria-label="Notifications">
          <header>
            <strong>Notifications</strong>
            <button type="button" className="link" disabled={unread === 0} onClick={() => void markRead('all')}>
              Mark all read
            </button>
          </header>
          {notifications.length === 0 ? (
            <p className="bell-empty">Nothing yet. Failures and finished syncs show up here.</p>
          ) : (
            <ul>
              {notifications.map((item) => (
                <NotificationRow key={item.id} item={item} now={now} onOpen={() => void openNotification(item)} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function NotificationRow({ item, now, onOpen }: { item: Notification; now: number; onOpen(): void }) {
  return (
    <li className={`bell-item bell-${item.type.toLowerCase()}${item.read ? '' : ' unread'}`} data-notification-id={item.id}>
      <button type="button" onClick={onOpen}>
        <span className="bell-icon" aria-hidden="true">
          {TYPE_ICON[item.type]}
        </span>
        <span className="bell-text">
          <span className="bell-title">{item.title}</span>
          <span className="bell-message">{item.message}</span>
          {item.jobs && item.jobs.resolved > 0 && (
            <span className={`bell-resolved${item.jobs.resolved >= item.jobs.total ? ' all' : ''}`}>
              {resolvedWords(item.jobs)}
            </span>
          )}
          <span className="bell-time">
            {timeAgo(item.updatedAt, now)}
            {item.jobId !== null ? ` · job #${item.jobId}` : ''}
          </span>
        </span>
        {!item.read && <span className="bell-dot" aria-label="unread" />}
      </button>
    </li>
  );
}

/** "Resolved" once every job it told of is done, superseded or discarded; else how many are. */
export function resolvedWords(jobs: { total: number; resolved: number }): string {
  if (jobs.resolved >= jobs.total) return jobs.total === 1 ? 'Resolved' : `Resolved: all ${jobs.total}`;
  return `${jobs.resolved} of ${jobs.total} resolved`;
}
