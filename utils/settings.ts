export interface Settings {
  /** Name saved on every tag; empty until the reviewer sets it ("unnamed reviewer" is saved meanwhile). */
  reviewerName: string;
  /** Keep the transcript text of conversations read; off keeps only its digest and counts. */
  keepTranscripts: boolean;
}

export const DEFAULT_SETTINGS: Settings = { reviewerName: '', keepTranscripts: true };
