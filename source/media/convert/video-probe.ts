import type { AudioTrack, GeneralTrack, VideoTrack } from 'mediainfo.js';
import { analyze } from '../inspect/mediainfo.js';
import { CODEC_NAMES } from '../inspect/mediainfo-facts.js';
import { fileReader } from '../inspect/reader.js';
import { STILL_BRANDS } from '../inspect/types.js';

/** What a conversion needs to know of a local video: every stream, not only what TikTok checks. */
export interface VideoProbe {
  /** MediaInfoLib's container name: "MPEG-4", "WebM", "Matroska", "QuickTime"… */
  format: string;
  /** A still image (HEIF, AVIF) in an ISO box file, or not media at all. */
  still: boolean;
  truncated: boolean;
  video?: {
    /** "H.264", "AV1", "ProRes"… as the preflight names them. */
    codec: string;
    /** Stored size; `rotation` (degrees) turns it when shown. */
    width: number;
    height: number;
    rotation: number;
    fps?: number;
  };
  /** "AAC", "Opus", "PCM"… */
  audio?: string;
  durationSec?: number;
}

/** Reads the whole report MediaInfoLib gives of a local file (its index, not its media). */
export async function probeVideo(path: string): Promise<VideoProbe> {
  const reader = fileReader(path);
  try {
    const size = await reader.size();
    const result = await analyze(size, (offset, length) => reader.read(offset, length));
    const tracks = result.media?.track ?? [];
    const general = tracks.find((t): t is GeneralTrack => t['@type'] === 'General');
    const video = tracks.find((t): t is VideoTrack => t['@type'] === 'Video');
    const audio = tracks.find((t): t is AudioTrack => t['@type'] === 'Audio');
    const brand = String(general?.CodecID ?? '').trim();
    const format = general?.Format ?? 'unknown';
    const seconds = general?.Duration ?? video?.Duration;
    return {
      format,
      still: format === 'heic' || format === 'avif' || STILL_BRANDS.has(brand),
      truncated: general?.extra?.IsTruncated === 'Yes',
      ...(video
        ? {
            video: {
              codec: CODEC_NAMES[video.Format ?? ''] ?? video.Format ?? 'an unknown codec',
              width: video.Width ?? 0,
              height: video.Height ?? 0,
              rotation: Math.round(Number(video.Rotation ?? 0)),
              ...(video.FrameRate ? { fps: video.FrameRate } : {}),
            },
          }
        : {}),
      ...(audio?.Format ? { audio: audio.Format } : {}),
      ...(seconds ? { durationSec: seconds } : {}),
    };
  } finally {
    await reader.close();
  }
}
