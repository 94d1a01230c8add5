/** Reading JSON that a page sent (google.script.run, the preview): any shape may arrive. */

/** A JSON object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
