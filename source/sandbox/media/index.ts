/**
 * The sandbox's media verdict: what TikTok fails after an upload or pull, reached with the
 * sandbox's own readers, never the client's preflight code, and for each kind of file a different
 * reader than the client's, so one bug cannot hide in both: MP4/MOV with MediaInfoLib (the client
 * uses mp4box.js), WebM with its own EBML walker (the client uses MediaInfoLib), photos with its
 * own JPEG/WebP header reader (the client uses image-size).
 */
export { type ImageVerdict, imageFormat, judgeImage } from './image.js';
export { judgeVideo, type Probe, VIDEO_LIMITS, type VideoVerdict } from './rules.js';
export { Spool } from './spool.js';
