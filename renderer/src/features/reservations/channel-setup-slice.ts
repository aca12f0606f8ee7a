import type { CallArgs, ChannelMappings, ReservationDetail, RoomBlock, TimelineEntry } from '../../../../shared/contract.js';
import type { AppSlice } from '../../store.js';
import { touchesStay, type PushedChange } from './open-stay.js';

/** What the Reservations screen needs besides the list: room types and rooms, blocks, one stay's timeline. */
export interface ChannelSetupSlice {
  mappings: ChannelMappings | null;
  blocks: RoomBlock[];
  openReservation: { reservation: ReservationDetail; timeline: TimelineEntry[] } | null;
  /** The stay the panel shows or is reading (set before its first read answers). */
  openReservationId: number | null;
  loadMappings(): Promise<void>;
  /** Maps room types to Beds24 rooms and switches availability sync (Settings); true when the host took it. */
  setMappings(args: CallArgs<'mappings/set'>): Promise<boolean>;
  loadBlocks(): Promise<void>;
  createBlock(args: CallArgs<'blocks/create'>): Promise<boolean>;
  deleteBlock(id: number): Promise<void>;
  createWalkIn(args: CallArgs<'reservations/create'>): Promise<ReservationDetail | null>;
  cancelReservation(id: number): Promise<void>;
  showReservation(id: number): Promise<void>;
  closeReservation(): void;
  /** A change was pushed: the open stay is read again when it may be part of it. */
  followOpenReservation(change: PushedChange): void;
}

/** Reads of the open stay overlap as events come in: only the latest asked may be shown. */
let latestRead = 0;

export const createChannelSetupSlice: AppSlice<ChannelSetupSlice> = (set, get) => ({
  mappings: null,
  blocks: [],
  openReservation: null,
  openReservationId: null,
  async loadMappings() {
    const mappings = await get().run('mappings/list', {});
    if (mappings) set({ mappings });
  },
  async setMappings(args) {
    const mappings = await get().run('mappings/set', args);
    if (mappings) set({ mappings });
    return mappings !== null;
  },
  async loadBlocks() {
    const page = await get().run('blocks/list', {});
    if (page) set({ blocks: page.items });
  },
  async createBlock(args) {
    const block = await get().run('blocks/create', args);
    if (block) await get().loadBlocks();
    return block !== null;
  },
  async deleteBlock(id) {
    if (await get().run('blocks/delete', { id })) set((state) => ({ blocks: state.blocks.filter((block) => block.id !== id) }));
  },
  async createWalkIn(args) {
    const reservation = await get().run('reservations/create', args);
    if (reservation) await get().showReservation(reservation.id);
    return reservation;
  },
  async cancelReservation(id) {
    if (await get().run('reservations/cancel', { id })) await get().showReservation(id);
  },
  async showReservation(id) {
    const read = ++latestRead;
    set({ openReservationId: id });
    const detail = await get().run('reservations/get', { id });
    if (detail && read === latestRead) set({ openReservation: detail });
  },
  closeReservation: () => {
    latestRead += 1;
    set({ openReservation: null, openReservationId: null });
  },
  followOpenReservation(change) {
    const id = get().openReservationId;
    // While its read is on its way the change may be newer than the answer: read again (the
    // later read wins), or the panel would keep showing the stay as it was before the change.
    if (id !== null && touchesStay(id, get().openReservation?.timeline ?? [], change)) void get().showReservation(id);
  },
});
