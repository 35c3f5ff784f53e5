#!/bin/sh
# Rebuild the derived test recordings from the shared ones (needs ffmpeg, espeak-ng, sox).
# Only for making fixtures: the application decodes with PyAV and never runs ffmpeg.
set -eu
cd "$(dirname "$0")"
FF="ffmpeg -hide_banner -loglevel error -y"

# Safari-style fragmented MP4: H.264 + AAC, and audio-only AAC.
$FF -t 6 -i face_vp8_live.webm -vf scale=320:240 -c:v libx264 -preset veryfast -crf 30 \
    -c:a aac -b:a 64k -movflags frag_keyframe+empty_moov clip_h264_aac.mp4
$FF -i en_fill_live.webm -vn -c:a aac -b:a 48k -movflags frag_keyframe+empty_moov en_fill_aac.mp4

# WebM VP9 + Opus.
$FF -t 6 -i face_vp8_live.webm -vf scale=320:240 -c:v libvpx-vp9 -b:v 150k -deadline realtime \
    -c:a libopus -b:a 32k clip_vp9.webm

# Chinese speech: espeak-ng's Mandarin voice reading pinyin (it cannot read the characters),
# as Ogg/Opus. A robotic voice: a hard case for the recogniser, on purpose.
espeak-ng -v cmn-latn-pinyin -s 140 -w /tmp/zh_raw.wav -f answer_zh_pinyin.txt
sox /tmp/zh_raw.wav -r 16000 -c 1 -b 16 /tmp/zh_16k.wav
$FF -i /tmp/zh_16k.wav -c:a libopus -b:a 32k zh_espeak.ogg
rm -f /tmp/zh_raw.wav /tmp/zh_16k.wav
