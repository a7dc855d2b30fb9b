/** What the sandbox's own readers found in a video, or why it is no video TikTok can process. */
export type Probe =
  | {
      container: 'mp4' | 'webm';
      /** "H.264" … for the codecs TikTok takes, else the sample entry or CodecID as found. */
      codec: string;
      /** As shown: a quarter-turn rotation swaps them. */
      width: number;
      height: number;
      fps: number;
      durationSec: number;
    }
  | { fail: 'file_format_check_failed'; why: string };
