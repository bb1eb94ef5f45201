const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** Seconds as a clock reading: 7 -> "0:07", 125 -> "2:05", 3725 -> "1:02:05". Negative reads 0:00. */
export const formatDuration = (totalSeconds: number): string => {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return hours > 0 ? `${hours}:${twoDigits(minutes)}:${twoDigits(rest)}` : `${minutes}:${twoDigits(rest)}`;
};
