#!/usr/bin/env bash
# Regenerates test/fixtures/media/: small real videos and images, one per rule of issue 11 and
# its edges (what each file is and the verdict expected is in test/fixtures/media/README.md).
#
#   apt-get install -y ffmpeg imagemagick     # ffmpeg 5.1, ImageMagick 6.9 with HEIC/AVIF (bookworm)
#   bash scripts/make-media-corpus.sh
#
# Tests and CI never run this: the files are committed. Encoders are not bit-exact across
# versions, so a re-run changes bytes, not verdicts. A few files are patched after ffmpeg with the
# small node snippets below (ffmpeg 5.1 can neither write a rotation matrix nor an `mehd` box).
# Files bigger than git should hold (a far moov, a 1 GiB video, a 21 MB image) are built by the
# tests and the bench at run time from these small ones.
set -euo pipefail
cd "$(dirname "$0")/../test/fixtures/media"
rm -f ./*.mp4 ./*.mov ./*.webm ./*.mkv ./*.jpg ./*.webp ./*.png ./*.gif ./*.heic ./*.avif

Q=(-hide_banner -loglevel error -y)
CLEAN=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact)
X264=(-c:v libx264 -preset veryslow -crf 40 -pix_fmt yuv420p)

# src WxH FPS SECONDS: a moving test pattern (detail costs bytes: used for the common sizes).
src() { echo "testsrc2=size=$1:rate=$2:duration=$3"; }
# flat WxH FPS SECONDS [PIXFMT]: a flat colour with a moving box, nearly free to encode at any size.
flat() { echo "color=c=0x3a7bd5:size=$1:rate=$2:duration=$3,format=${4:-yuv420p},drawbox=x=t*40:y=10:w=32:h=32:c=white:t=fill"; }
h264() { # out WxH FPS SECONDS [extra ffmpeg args]
  local out=$1 size=$2 fps=$3 secs=$4; shift 4
  ffmpeg "${Q[@]}" -f lavfi -i "$(src "$size" "$fps" "$secs")" "${X264[@]}" "${CLEAN[@]}" "$@" "$out"
}

# --- accepted codecs and containers -------------------------------------------------------------
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 2)" -f lavfi -i "sine=frequency=440:duration=2" \
  "${X264[@]}" -c:a aac -b:a 24k -movflags +faststart "${CLEAN[@]}" h264-aac-faststart.mp4
h264 h264-moov-end.mp4 360x640 24 2
h264 h264.mov 360x640 24 2 -f mov
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 2)" -c:v libx265 -preset fast -crf 40 -pix_fmt yuv420p \
  -x265-params log-level=error -tag:v hvc1 "${CLEAN[@]}" h265-hvc1.mp4
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 2)" -c:v libx265 -preset fast -crf 40 -pix_fmt yuv420p \
  -x265-params log-level=error "${CLEAN[@]}" h265-hev1.mov
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 2)" -c:v libvpx -b:v 60k -an "${CLEAN[@]}" vp8.webm
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 2)" -c:v libvpx-vp9 -b:v 60k -an "${CLEAN[@]}" vp9.webm
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 2)" -c:v libvpx-vp9 -b:v 60k -an "${CLEAN[@]}" vp9.mp4

# --- refused codecs, no video ---------------------------------------------------------------------
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 1)" -c:v libaom-av1 -cpu-used 8 -crf 60 -b:v 0 \
  "${CLEAN[@]}" av1.mp4
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 1)" -c:v libaom-av1 -cpu-used 8 -crf 60 -b:v 0 \
  "${CLEAN[@]}" av1.webm
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 1)" -c:v mpeg4 -q:v 25 "${CLEAN[@]}" mpeg4-part2.mp4
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 24 0.25)" -c:v prores_ks -profile:v 0 -qscale:v 31 \
  "${CLEAN[@]}" prores.mov
ffmpeg "${Q[@]}" -f lavfi -i "sine=frequency=440:duration=2" -c:a aac -b:a 24k "${CLEAN[@]}" audio-only.mp4

# --- frame rate: 23 and 60 are the edges TikTok allows --------------------------------------------
for fps in 15 22 23 60 61 120; do
  ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 "$fps" 1)" "${X264[@]}" "${CLEAN[@]}" "fps-$fps.mp4"
done
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 24000/1001 1)" "${X264[@]}" "${CLEAN[@]}" fps-23.976.mp4

# --- picture size: 360..4096 on each side; odd sizes need 4:4:4 in x264 ---------------------------
for size in 640x360 4096x360 360x4096; do
  ffmpeg "${Q[@]}" -f lavfi -i "$(flat "$size" 24 1)" "${X264[@]}" "${CLEAN[@]}" "size-$size.mp4"
done
for size in 359x640 640x359 4097x360 360x4097; do
  ffmpeg "${Q[@]}" -f lavfi -i "$(flat "$size" 24 1 yuv444p)" "${X264[@]}" -pix_fmt yuv444p "${CLEAN[@]}" \
    "size-$size.mp4"
done

# --- rotation: ffmpeg 5.1 writes no display matrix, so patch tkhd's matrix afterwards -------------
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 640x360 24 1)" "${X264[@]}" "${CLEAN[@]}" rot90-640x360.mp4
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 1920x340 24 1)" "${X264[@]}" "${CLEAN[@]}" rot90-1920x340.mp4
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 640x360 24 1)" "${X264[@]}" "${CLEAN[@]}" rot180-640x360.mp4
node --input-type=module - rot90-640x360.mp4 90 rot90-1920x340.mp4 90 rot180-640x360.mp4 180 <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [file, deg] = [args[i], Number(args[i + 1])];
  const b = readFileSync(file);
  const at = b.indexOf('tkhd') + 4; // full box payload: version 0 assumed (ffmpeg writes v0)
  if (b[at] !== 0) throw new Error(`${file}: tkhd v1`);
  const w = b.readUInt32BE(at + 76) >>> 16, h = b.readUInt32BE(at + 80) >>> 16;
  const one = 0x10000, m = deg === 90 ? [0, one, 0, -one, 0, 0, h * one, 0] : [-one, 0, 0, 0, -one, 0, w * one, h * one];
  // matrix a b u c d v x y w at payload offset 40; u, v, w are 2.30 fixed point
  [m[0], m[1], 0, m[3], m[4], 0, m[6], m[7], 0x40000000].forEach((v, k) => b.writeInt32BE(v | 0, at + 40 + k * 4));
  writeFileSync(file, b);
}
EOF

# --- duration: files of a known length; tests pass the maximum ------------------------------------
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 24 3)" "${X264[@]}" -movflags +faststart "${CLEAN[@]}" dur-3s.mp4
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 24 3)" -c:v libvpx-vp9 -b:v 40k "${CLEAN[@]}" dur-3s.webm
# Live WebM (written to a pipe): no Duration in Info, no Cues; the length is in the clusters.
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 24 3)" -c:v libvpx-vp9 -b:v 40k "${CLEAN[@]}" -f webm - \
  > dur-3s-no-duration.webm
# Fragmented MP4: mvhd says 0, the 3 s are in the fragments (one a second).
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 24 3)" "${X264[@]}" -g 24 \
  -movflags frag_keyframe+empty_moov+default_base_moof "${CLEAN[@]}" dur-3s-fragmented.mp4
# The same with an mehd (fragment duration) box inserted into mvex; mfra (absolute offsets) dropped.
node --input-type=module - dur-3s-fragmented.mp4 dur-3s-fragmented-mehd.mp4 <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
const [src, out] = process.argv.slice(2);
let b = readFileSync(src);
const boxAt = (type, from = 0) => b.indexOf(type, from) - 4;
b = b.subarray(0, boxAt('mfra'));
const mvhd = boxAt('mvhd'), timescale = b.readUInt32BE(mvhd + 20);
const mehd = Buffer.alloc(16);
mehd.writeUInt32BE(16, 0); mehd.write('mehd', 4, 'latin1'); mehd.writeUInt32BE(3 * timescale, 12);
const moov = boxAt('moov'), mvex = boxAt('mvex');
b = Buffer.concat([b.subarray(0, mvex + 8), mehd, b.subarray(mvex + 8)]);
for (const at of [moov, mvex]) b.writeUInt32BE(b.readUInt32BE(at) + 16, at);
writeFileSync(out, b);
EOF
# DASH-style: a sidx before each fragment.
ffmpeg "${Q[@]}" -f lavfi -i "$(flat 360x640 24 3)" "${X264[@]}" -g 24 -movflags dash "${CLEAN[@]}" \
  dur-3s-dash.mp4

# --- containers that lie about themselves ---------------------------------------------------------
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 1)" "${X264[@]}" "${CLEAN[@]}" -f matroska matroska-h264.mp4
ffmpeg "${Q[@]}" -f lavfi -i "$(src 360x640 24 1)" -c:v libvpx-vp9 -b:v 60k "${CLEAN[@]}" -f matroska \
  matroska-vp9.webm
convert -size 360x640 gradient:'#ff4f6d-#3a7bd5' -strip -quality 40 HEIC:heic-still.mp4
convert -size 360x640 gradient:'#ff4f6d-#3a7bd5' -strip -quality 40 AVIF:avif-still.mp4
printf '<!doctype html><title>404</title><p>Not found</p>\n' > html-page.mp4

# --- truncated: cut in half ------------------------------------------------------------------------
half() { head -c $(($(stat -c %s "$1") / 2)) "$1" > "$2"; }
half h264-aac-faststart.mp4 truncated-half-faststart.mp4 # moov intact, media past the end
half h264-moov-end.mp4 truncated-half-moov-end.mp4       # no moov at all
half vp9.webm truncated-half.webm

# --- the bytes `mvhd` inside the media data, before the real moov (moov at end) -------------------
h264 mvhd-in-mdat.mp4 360x640 24 2 \
  -bsf:v "h264_metadata=sei_user_data=a1b2c3d4-e5f6-4711-8899-aabbccddeeff+mvhd-not-a-box-mvhd-again"

# --- images: JPEG and WebP up to 1080 on the short side and 1920 on the long side -----------------
img() { convert -size "$1" gradient:'#ffd43b-#e8590c' -strip "${@:3}" "$2"; }
img 1080x1920 jpeg-1080x1920.jpg -quality 30
img 1920x1080 jpeg-1920x1080.jpg -quality 30
img 1080x1080 jpeg-1080x1080.jpg -quality 30
img 1080x1920 webp-1080x1920.webp -quality 30
img 1081x1920 jpeg-1081x1920.jpg -quality 30
img 1080x1921 jpeg-1080x1921.jpg -quality 30
img 1921x1080 jpeg-1921x1080.jpg -quality 30
img 1081x1081 webp-1081x1081.webp -quality 30
img 360x640 png-360x640.png -colors 16
img 360x640 gif-360x640.gif -colors 16
img 360x640 heic-360x640.heic -quality 40
img 360x640 avif-360x640.avif -quality 40
img 360x640 PNG:png-named.jpg -colors 16
ls -l
