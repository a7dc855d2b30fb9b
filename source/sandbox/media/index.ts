/**
 * The sandbox's media verdict: what TikTok fails after an upload or pull, reached with the
 * sandbox's own readers (mp4box.js for MP4/MOV, its own EBML walker for WebM, its own JPEG/WebP
 * header reader), never the client's preflight code, so one bug cannot hide in both.
 */
export { type ImageVerdict, imageFormat, judgeImage } from './image.js';
export { judgeVideo, type Probe, VIDEO_LIMITS, type VideoVerdict } from './rules.js';
export { Spool } from './spool.js';
