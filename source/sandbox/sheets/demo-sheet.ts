/** The sandbox's demo schedule, as `agoras --sandbox` and `publish --sandbox --action schedule` read it. */
export const DEMO_SHEET = { id: 'sandbox-demo', name: 'Schedule' } as const;

const HEADER = [
  'tiktok_video_url',
  'tiktok_title',
  'tiktok_privacy_status',
  'allow_comments',
  'allow_duet',
  'allow_stitch',
  'is_brand_organic',
  'is_brand_content',
  'auto_add_music',
  'date',
  'time',
  'status',
];

const two = (n: number) => String(n).padStart(2, '0');

/** The seed's date and hour columns (DD-MM-YYYY, HH) in the machine's time zone, as the schedule reads them. */
function when(date: Date): [string, string] {
  return [`${two(date.getDate())}-${two(date.getMonth() + 1)}-${date.getFullYear()}`, two(date.getHours())];
}

/**
 * The demo sheet's rows, so the schedule can be tried at once and runs clean: one due now, one due
 * in three hours. `video` is the clip the sandbox serves itself (no internet needed).
 */
export function demoScheduleRows(video: string, now: Date = new Date()): string[][] {
  const later = new Date(now.getTime() + 3 * 3_600_000);
  const row = (title: string, privacy: string, at: Date) => [
    video,
    title,
    privacy,
    'TRUE',
    'FALSE',
    'FALSE',
    'FALSE',
    'FALSE',
    'FALSE',
    ...when(at),
    'draft',
  ];
  return [
    HEADER,
    row('Sandbox demo: due now #agoras', 'SELF_ONLY', now),
    row('Sandbox demo: in three hours', 'SELF_ONLY', later),
  ];
}
