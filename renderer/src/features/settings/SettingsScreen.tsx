import { useEffect, useState, type FormEvent } from 'react';
import { NOTIFY_KINDS, WEEK_NIGHTS, type Settings, type WeekNight } from '../../../../shared/contract.js';
import { useApp } from '../../store.js';
import { hotelIdentity } from '../hotel/hotel-slice.js';
import { ChannelMappingsSection } from './ChannelMappingsSection.js';
import { ConnectionCard } from './ConnectionCard.js';
import { WebhookListenerSection } from './WebhookListenerSection.js';

const NIGHT_LABEL: Record<WeekNight, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const KIND_LABEL = { error: 'Failures', success: 'Successes', info: 'Information' } as const;
const SCHEDULE_LABEL = { reconciliation: 'Reconciliation with Stays', housekeeping: 'Housekeeping from MaidCentral', beds24Polling: 'Beds24 polling' } as const;
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

function PropertySection({ settings }: { settings: Settings }) {
  const updateSettings = useApp((state) => state.updateSettings);
  const cloudbedsCurrency = useApp((state) => hotelIdentity(state.hotel, state.settings).cloudbedsCurrencyDiffers);
  const [form, setForm] = useState(settings.property);
  useEffect(() => setForm(settings.property), [settings.property]);
  const save = (event: FormEvent) => {
    event.preventDefault();
    void updateSettings({
      property: {
        ...(form.hotelName ? { hotelName: form.hotelName } : {}),
        timeZone: form.timeZone,
        ...(form.currency ? { currency: form.currency.toUpperCase() } : {}),
        weekendNights: form.weekendNights,
        ...(form.cloudbedsPropertyId ? { cloudbedsPropertyId: form.cloudbedsPropertyId } : {}),
      },
    });
  };
  const toggleNight = (night: WeekNight, on: boolean) =>
    setForm({ ...form, weekendNights: WEEK_NIGHTS.filter((candidate) => (candidate === night ? on : form.weekendNights.includes(candidate))) });
  return (
    <form className="card settings-form" onSubmit={save} aria-labelledby="property-title">
      <h2 id="property-title">Property</h2>
      <label htmlFor="hotel-name">Hotel name</label>
      <input id="hotel-name" value={form.hotelName ?? ''} onChange={(event) => setForm({ ...form, hotelName: event.target.value })} />
      <label htmlFor="time-zone">Time zone (every date and time in the app is on it)</label>
      <input id="time-zone" list="time-zones" value={form.timeZone} onChange={(event) => setForm({ ...form, timeZone: event.target.value })} spellCheck={false} />
      <datalist id="time-zones">
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <label htmlFor="currency">Currency (ISO code)</label>
      <input
        id="currency"
        value={form.currency ?? ''}
        maxLength={3}
        onChange={(event) => setForm({ ...form, currency: event.target.value })}
        {...(cloudbedsCurrency ? { 'aria-describedby': 'currency-differs' } : {})}
      />
      {cloudbedsCurrency && (
        <p id="currency-differs" className="field-warning">
          Cloudbeds keeps this hotel’s rates in {cloudbedsCurrency}. Rates typed here are sent as numbers, in {cloudbedsCurrency}: change the currency in Cloudbeds, or set {cloudbedsCurrency} here.
        </p>
      )}
      <fieldset>
        <legend>Weekend nights</legend>
        {WEEK_NIGHTS.map((night) => (
          <label key={night} className="inline">
            <input type="checkbox" checked={form.weekendNights.includes(night)} onChange={(event) => toggleNight(night, event.target.checked)} /> {NIGHT_LABEL[night]}
          </label>
        ))}
      </fieldset>
      <label htmlFor="property-id">Cloudbeds property id</label>
      <input id="property-id" value={form.cloudbedsPropertyId ?? ''} onChange={(event) => setForm({ ...form, cloudbedsPropertyId: event.target.value })} />
      <div className="actions">
        <button type="submit">Save property</button>
      </div>
    </form>
  );
}

function SchedulesSection({ settings }: { settings: Settings }) {
  const updateSettings = useApp((state) => state.updateSettings);
  const [form, setForm] = useState(settings.schedules);
  useEffect(() => setForm(settings.schedules), [settings.schedules]);
  return (
    <form
      className="card settings-form"
      aria-labelledby="schedules-title"
      onSubmit={(event) => {
        event.preventDefault();
        void updateSettings({ schedules: form });
      }}
    >
      <h2 id="schedules-title">Schedules</h2>
      <p className="muted">An interval such as 30m or 1h, or a cron pattern such as */30 * * * * on the hotel's clock.</p>
      {(Object.keys(SCHEDULE_LABEL) as (keyof typeof SCHEDULE_LABEL)[]).map((name) => (
        <div key={name} className="field">
          <label htmlFor={`schedule-${name}`}>{SCHEDULE_LABEL[name]}</label>
          <input id={`schedule-${name}`} value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} spellCheck={false} />
        </div>
      ))}
      <div className="actions">
        <button type="submit">Save schedules</button>
      </div>
    </form>
  );
}

function NotificationsSection({ settings }: { settings: Settings }) {
  const updateSettings = useApp((state) => state.updateSettings);
  return (
    <section className="card settings-form" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      {NOTIFY_KINDS.map((kind) => (
        <label key={kind} className="inline">
          <input
            type="checkbox"
            checked={settings.notifications.kinds[kind]}
            onChange={(event) => void updateSettings({ notifications: { kinds: { [kind]: event.target.checked } } })}
          />{' '}
          {KIND_LABEL[kind]}
        </label>
      ))}
      <label className="inline">
        <input type="checkbox" checked={settings.notifications.osNotifications} onChange={(event) => void updateSettings({ notifications: { osNotifications: event.target.checked } })} />{' '}
        Desktop notifications
      </label>
    </section>
  );
}

/** Settings: the property, each system's connection, the schedules and the notifications. */
export function SettingsScreen() {
  const settings = useApp((state) => state.settings);
  if (!settings) return <p className="empty">Loading…</p>;
  return (
    <section className="screen settings">
      <div className="toolbar">
        <h1>Settings</h1>
      </div>
      <div className="settings-columns">
        <PropertySection settings={settings} />
        <SchedulesSection settings={settings} />
        <NotificationsSection settings={settings} />
        <ChannelMappingsSection />
        <WebhookListenerSection webhook={settings.channelWebhook} />
      </div>
      <h2>Connections</h2>
      <div className="connections">
        {settings.connections.map((connection) => (
          <ConnectionCard key={connection.system} connection={connection} />
        ))}
      </div>
    </section>
  );
}
