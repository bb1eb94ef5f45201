const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** A moment as the person's locale writes it, date and time: "Mar 4, 2026, 2:05:09 PM". */
export const formatDateTime = (epochMs: number): string => dateTimeFormat.format(epochMs);

/** Just the time of day, for moments within the next hours: "2:05 PM". */
export const formatTime = (epochMs: number): string => timeFormat.format(epochMs);
