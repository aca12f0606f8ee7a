/** What a handler learns about its job, and how it talks back. */
export interface JobContext {
  readonly job: {
    id: number;
    lane: string;
    type: string;
    /** This attempt's number, counting only attempts that burned one. */
    attempt: number;
    idempotencyKey: string | null;
    orderingKey: string | null;
  };
  /** Aborted when the queue stops and the job must give up. */
  readonly signal: AbortSignal;
  /** Extends the lease; long handlers call it well within the lane's lease. False once the lease is lost. */
  heartbeat(): boolean;
  /** The remote answer of a successful call, kept in the attempt history. */
  recordResponse(response: { httpStatus?: number; requestId?: string }): void;
}
