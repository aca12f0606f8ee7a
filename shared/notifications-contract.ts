/**
 * Notifications (SPEC §6): what the bell lists and the OS shows. Merged into the call and
 * event maps in `contract.ts`.
 */
import { z } from 'zod';

export const NOTIFICATION_TYPES = ['ERROR', 'SUCCESS', 'INFO'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Screens a notification can open. */
export const SCREENS = ['rates', 'reservations', 'channel', 'reconciliation', 'housekeeping', 'activity', 'failed', 'sync', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export const notificationSchema = z.object({
  id: z.number(),
  type: z.enum(NOTIFICATION_TYPES),
  /** Short and grouped: "3 rate updates failed". */
  title: z.string(),
  message: z.string(),
  read: z.boolean(),
  /** How many events this notification groups (within a short window). */
  count: z.number(),
  /** The job it is about (the latest one, when grouped). */
  jobId: z.number().nullable(),
  /** The screen that shows what it is about. */
  screen: z.enum(SCREENS),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * The failed jobs it tells about and how many are resolved (retried and done, superseded or
   * discarded); once all are, it is marked read. Null when it is not about failed jobs.
   */
  jobs: z.object({ total: z.number(), resolved: z.number() }).nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

const notificationId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const notificationCalls = {
  /** Newest first, with the unread count for the badge. */
  'notifications/list': {
    args: z.strictObject({
      unreadOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }),
    result: z.object({ items: z.array(notificationSchema), unread: z.number() }),
  },
  /** Marks some (`ids`) or every (`all: true`) notification read. */
  'notifications/mark-read': {
    // One object with a rule rather than a union: a union's refusal names no field ("Invalid input").
    args: z
      .strictObject({
        ids: z.array(notificationId).min(1).max(500).optional(),
        all: z.literal(true).optional(),
      })
      .superRefine((args, context) => {
        if ((args.ids === undefined) === (args.all === undefined)) {
          context.addIssue({ code: 'custom', path: ['ids'], message: 'pass either ids (the notifications to mark read) or all: true, not both' });
        }
      }),
    result: z.object({ unread: z.number() }),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const notificationEvents = {
  /** A new notification, or a grouped one that grew ("3 rate updates failed" → "4 …"). */
  'notification/new': notificationSchema,
  /** Jobs it tells about were resolved: shown in place, never as news (no OS notification). */
  'notification/changed': notificationSchema,
  /** The unread count changed (something was marked read). */
  'notifications/read': z.object({ unread: z.number() }),
  /** Desktop host only: show this screen (a click on an OS notification or a tray item). */
  'app/navigate': z.object({ screen: z.enum(SCREENS) }),
} as const satisfies Record<string, z.ZodType>;
