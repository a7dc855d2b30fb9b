/**
 * Media preflight: what TikTok checks of a video or photo only after the whole upload, answered
 * before anything is sent. Self-contained (node built-ins, undici, mp4box.js for MP4/MOV,
 * mediainfo.js for WebM and for naming anything else, image-size for photos); the readers load on
 * first use. The sandbox reaches its verdict with its own code and other readers (source/sandbox/media).
 */
export { formatBytes, formatDuration, formatFacts, refusalLine } from './format.js';
export { inspectImage } from './image.js';
export { preloadMediaInfo } from './mediainfo.js';
export { fileReader } from './reader.js';
export type {
  ImageFacts,
  InspectOptions,
  MediaRefusal,
  RangeReader,
  RefusalRule,
  VideoContainer,
  VideoFacts,
  VideoInspectOptions,
} from './types.js';
export { LIMITS } from './types.js';
export { type UrlReaderOptions, urlReader } from './url-reader.js';
export { inspectVideo } from './video.js';
