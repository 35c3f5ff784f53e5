// Recording an answer in the candidate console: MediaRecorder with a MIME type the
// browser supports, a sound level meter and a timer, playback and re-recording,
// then a chunked, resumable upload with a progress bar. No build step.
(function () {
  "use strict";

  // Preferred first. Chromium and Firefox record WebM (VP8 is lighter to encode and to
  // analyse than VP9); Safari records MP4/AAC; Ogg/Opus is Firefox's audio fallback.
  var MIME_TYPES = {
    video: [
      "video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm",
      "video/mp4;codecs=avc1,mp4a.40.2", "video/mp4",
    ],
    audio: [
      "audio/webm;codecs=opus", "audio/webm", "audio/mp4;codecs=mp4a.40.2", "audio/mp4",
      "audio/ogg;codecs=opus", "audio/ogg",
    ],
  };
  var RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000];
  var MODE_KEY = "interview-answer-mode";

  function pickMimeType(kind) {
    if (typeof MediaRecorder.isTypeSupported !== "function") return ""; // let the browser choose
    var list = MIME_TYPES[kind];
    for (var i = 0; i < list.length; i++) {
      if (MediaRecorder.isTypeSupported(list[i])) return list[i];
    }
    return null;
  }

  function unsupportedReason(T) {
    if (!window.isSecureContext) return T.insecure;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) return T.unsupported;
    return null;
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    return Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }

  // One HTTP request; resolves {status, body} for every answer (0 when the network failed).
  function send(method, url, body, contentType, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      if (contentType) xhr.setRequestHeader("Content-Type", contentType);
      xhr.timeout = 120000;
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded); };
      }
      xhr.onload = function () {
        var parsed = null;
        try { parsed = JSON.parse(xhr.responseText); } catch (e) { parsed = null; }
        resolve({ status: xhr.status, body: parsed });
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve({ status: 0, body: null }); };
      xhr.send(body === undefined ? null : body);
    });
  }

  function retryable(status) { return status === 0 || status === 429 || status >= 500; }

  function UploadError(message, canRetry) {
    this.message = message;
    this.canRetry = canRetry;
  }

  function Recorder(root, T) {
    this.root = root;
    this.T = T;
    this.questionId = parseInt(root.dataset.questionId, 10);
    this.maxSeconds = parseInt(root.dataset.maxSeconds, 10) || 180;
    this.uploadsUrl = root.dataset.uploadsUrl;
    this.mode = null;
    this.stream = null;
    this.recorder = null;
    this.parts = [];
    this.blob = null;
    this.blobUrl = null;
    this.seconds = 0;
    this.upload = null; // {upload_id, received, chunk_bytes}
    this.saved = false;
    this.busy = false;
    this.el = function (selector) { return root.querySelector(selector); };
    this.buttons = {};
    var self = this;
    root.querySelectorAll("[data-action]").forEach(function (btn) {
      self.buttons[btn.dataset.action] = btn;
      btn.addEventListener("click", function () { self[btn.dataset.action](); });
    });
  }

  Recorder.prototype.show = function (names) {
    var self = this;
    Object.keys(this.buttons).forEach(function (name) {
      self.buttons[name].hidden = names.indexOf(name) < 0;
      self.buttons[name].disabled = false;
    });
  };

  Recorder.prototype.status = function (text) { this.el(".rec-status").textContent = text || ""; };

  Recorder.prototype.error = function (text) {
    var box = this.el(".error-box");
    box.textContent = text || "";
    box.hidden = !text;
  };

  Recorder.prototype.setMode = function (mode) {
    if (this.recorder && this.recorder.state === "recording") return;
    this.release();
    this.discardTake();
    this.mode = mode;
    this.error("");
    this.status("");
    this.el(".stage").hidden = mode !== "video";
    this.buttons.enable.textContent = mode === "video" ? this.T.enable_video : this.T.enable_audio;
    this.show(["enable"]);
  };

  Recorder.prototype.enable = function () {
    var self = this;
    var T = this.T;
    this.error("");
    this.buttons.enable.disabled = true;
    var constraints = { audio: true, video: false };
    if (this.mode === "video") {
      constraints.video = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 30 }, facingMode: "user" };
    }
    return navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      self.stream = stream;
      if (self.mode === "video") {
        var preview = self.el(".preview");
        preview.srcObject = stream;
        preview.hidden = false;
        self.el(".playback").hidden = true;
      }
      stream.getTracks().forEach(function (track) {
        track.addEventListener("ended", function () {
          if (self.recorder && self.recorder.state === "recording") {
            self.error(T.device_lost);
            self.stop();
          }
        });
      });
      self.startMeter(stream);
      self.status(self.mode === "video" ? T.ready_video : T.ready_audio);
      self.show(["record"]);
    }, function (err) {
      var name = err && err.name;
      var message = T.device_error;
      if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") message = T.denied;
      else if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError") {
        message = self.mode === "video" ? T.no_camera : T.no_microphone;
      } else if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError") message = T.busy;
      self.error(message);
      self.show(["enable"]);
    });
  };

  Recorder.prototype.startMeter = function (stream) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx || !stream.getAudioTracks().length) return;
    var self = this;
    var meter = this.el(".level");
    var bar = meter.querySelector("span");
    var ctx = new Ctx();
    var analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    var samples = new Float32Array(analyser.fftSize);
    var heard = performance.now();
    var warned = false;
    this.audioContext = ctx;
    function tick() {
      if (self.audioContext !== ctx) return;
      analyser.getFloatTimeDomainData(samples);
      var sum = 0;
      for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
      var db = 20 * Math.log10(Math.sqrt(sum / samples.length) + 1e-9);
      var level = Math.max(0, Math.min(100, Math.round((db + 60) * 100 / 55)));
      bar.style.width = level + "%";
      meter.setAttribute("aria-valuenow", String(level));
      var now = performance.now();
      if (db > -55) {
        heard = now;
        if (warned) { warned = false; self.status(""); }
      } else if (!warned && now - heard > 5000 && !self.blob) {
        warned = true;
        self.status(self.T.no_sound);
      }
      self.meterFrame = requestAnimationFrame(tick);
    }
    if (ctx.state === "suspended") ctx.resume();
    tick();
  };

  Recorder.prototype.release = function () {
    if (this.meterFrame) cancelAnimationFrame(this.meterFrame);
    if (this.audioContext) { this.audioContext.close(); this.audioContext = null; }
    if (this.stream) { this.stream.getTracks().forEach(function (t) { t.stop(); }); this.stream = null; }
    this.el(".level span").style.width = "0%";
  };

  Recorder.prototype.record = function () {
    var self = this;
    var T = this.T;
    var mimeType = pickMimeType(this.mode);
    if (mimeType === null) { this.error(T.unsupported_format); return; }
    var options = { audioBitsPerSecond: 64000 };
    if (mimeType) options.mimeType = mimeType;
    if (this.mode === "video") options.videoBitsPerSecond = 700000;
    try {
      this.recorder = new MediaRecorder(this.stream, options);
    } catch (e) {
      this.error(T.unsupported_format);
      return;
    }
    this.discardTake();
    this.error("");
    this.parts = [];
    this.recorder.ondataavailable = function (e) { if (e.data && e.data.size) self.parts.push(e.data); };
    this.recorder.onerror = function () { self.error(T.record_error); };
    this.recorder.onstop = function () { self.finished(mimeType); };
    this.recorder.start(1000);
    this.started = performance.now();
    this.seconds = 0;
    this.el(".rec-badge").hidden = false;
    this.status(T.recording);
    this.show(["stop"]);
    this.tick();
    this.timer = setInterval(function () { self.tick(); }, 250);
  };

  Recorder.prototype.tick = function () {
    this.seconds = (performance.now() - this.started) / 1000;
    var timer = this.el(".timer");
    timer.textContent = clock(this.seconds) + " / " + timer.dataset.limit;
    timer.classList.toggle("ending", this.maxSeconds - this.seconds <= 15);
    if (this.seconds >= this.maxSeconds && this.recorder && this.recorder.state === "recording") {
      this.stop();
      this.limitReached = true;
    }
  };

  Recorder.prototype.stop = function () {
    clearInterval(this.timer);
    this.el(".rec-badge").hidden = true;
    if (this.recorder && this.recorder.state !== "inactive") this.recorder.stop();
  };

  Recorder.prototype.finished = function (mimeType) {
    var T = this.T;
    var type = (this.recorder && this.recorder.mimeType) || mimeType || (this.parts[0] && this.parts[0].type) || "";
    this.recorder = null;
    var blob = new Blob(this.parts, { type: type });
    this.parts = [];
    if (!blob.size) {
      this.error(T.empty);
      this.show(["record"]);
      return;
    }
    this.blob = blob;
    this.blobUrl = URL.createObjectURL(blob);
    var player = this.mode === "video" ? this.el(".playback") : this.el(".playback-audio");
    player.src = this.blobUrl;
    player.hidden = false;
    if (this.mode === "video") this.el(".preview").hidden = true;
    var message = fill(T.recorded, { time: clock(this.seconds) });
    if (this.limitReached) message = fill(T.max_reached, { time: clock(this.maxSeconds) }) + " " + message;
    this.limitReached = false;
    this.status(message);
    this.show(["submit", "again"]);
  };

  // Drop the current take (and what already arrived of it on the server).
  Recorder.prototype.discardTake = function () {
    if (this.upload && !this.saved) {
      send("DELETE", this.uploadsUrl + "/" + this.upload.upload_id);
    }
    this.upload = null;
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
    this.blob = null;
    this.blobUrl = null;
    this.el(".playback").hidden = true;
    this.el(".playback-audio").hidden = true;
    this.el(".upload").hidden = true;
  };

  Recorder.prototype.again = function () {
    if (this.busy) return;
    this.discardTake();
    this.error("");
    if (this.mode === "video") this.el(".preview").hidden = false;
    this.el(".timer").textContent = "0:00 / " + this.el(".timer").dataset.limit;
    if (this.stream) {
      this.status(this.mode === "video" ? this.T.ready_video : this.T.ready_audio);
      this.show(["record"]);
    } else {
      this.show(["enable"]);
    }
  };

  Recorder.prototype.progress = function (fraction) {
    var percent = Math.min(100, Math.floor(fraction * 100));
    this.el(".upload .bar span").style.width = percent + "%";
    this.el(".upload progress").value = percent;
    this.status(fill(this.T.uploading, { percent: percent }));
  };

  // A request that is retried with backoff while the network or the server is briefly down.
  Recorder.prototype.call = async function (method, url, body, contentType, onProgress) {
    for (var attempt = 0; ; attempt++) {
      var res = await send(method, url, body, contentType, onProgress);
      if (!retryable(res.status)) return res;
      if (attempt >= RETRY_DELAYS.length) throw new UploadError(this.T.upload_failed, true);
      this.status(this.T.retrying);
      await sleep(RETRY_DELAYS[attempt]);
    }
  };

  function failure(res, T) {
    var message = (res.body && res.body.message) || T.unknown_error;
    return new UploadError(message, false);
  }

  Recorder.prototype.submit = function () { return this.send(); };
  Recorder.prototype.retry = function () { return this.send(); };

  Recorder.prototype.send = async function () {
    if (this.busy || !this.blob) return;
    this.busy = true;
    var T = this.T;
    var blob = this.blob;
    this.error("");
    this.show([]);
    this.el(".upload").hidden = false;
    this.progress(0);
    try {
      var res;
      if (!this.upload) {
        res = await this.call("POST", this.uploadsUrl,
          JSON.stringify({ question_id: this.questionId, mime: blob.type, size: blob.size }), "application/json");
        if (res.status === 409 && res.body && !res.body.data) { window.location.reload(); return; } // answered already
        if (res.status !== 201) throw failure(res, T);
        this.upload = res.body.data;
      } else {
        res = await this.call("GET", this.uploadsUrl + "/" + this.upload.upload_id);
        if (res.status !== 200) throw failure(res, T);
        this.upload.received = res.body.data.received;
      }
      var base = this.uploadsUrl + "/" + this.upload.upload_id;
      var size = blob.size;
      var chunk = this.upload.chunk_bytes;
      var received = this.upload.received;
      var self = this;
      while (received < size) {
        var end = Math.min(received + chunk, size);
        var from = received;
        res = await this.call("PUT", base + "/chunks/" + Math.floor(from / chunk) + "?offset=" + from,
          blob.slice(from, end), "application/octet-stream",
          function (loaded) { self.progress((from + loaded) / size); });
        if (res.status === 200 || (res.status === 409 && res.body && res.body.data && "received" in res.body.data)) {
          received = res.body.data.received;
          this.upload.received = received;
          this.progress(received / size);
        } else {
          throw failure(res, T);
        }
      }
      this.status(T.checking);
      res = await this.call("POST", base + "/complete", JSON.stringify({ size: size }), "application/json");
      if (res.status === 409 && res.body && res.body.data && "received" in res.body.data) {
        this.upload.received = res.body.data.received;
        this.busy = false;
        return this.send();
      }
      if (res.status !== 200 && res.status !== 201) {
        if (res.status === 422) this.upload = null; // refused by content: that take is gone
        throw failure(res, T);
      }
      this.saved = true;
      this.status(T.saved);
      this.release();
      window.location.assign(res.body.data.next);
    } catch (err) {
      var message = err instanceof UploadError ? err.message : T.upload_failed;
      this.error(message);
      this.status("");
      this.show(err instanceof UploadError && !err.canRetry ? ["again"] : ["retry", "again"]);
    } finally {
      this.busy = false;
    }
  };

  function init() {
    var root = document.getElementById("recorder");
    var modes = document.getElementById("answer-modes");
    if (!root || !modes) return;
    var T = JSON.parse(document.getElementById("recorder-text").textContent);
    var typePanel = document.getElementById("type-panel");
    var buttons = modes.querySelectorAll("[data-mode]");
    modes.hidden = false;

    var reason = unsupportedReason(T);
    var recorder = reason ? null : new Recorder(root, T);
    if (reason) {
      var note = document.getElementById("recorder-unavailable");
      note.textContent = reason;
      note.hidden = false;
      buttons.forEach(function (b) { if (b.dataset.mode !== "text") b.disabled = true; });
    }

    function choose(mode, remember) {
      if (recorder && recorder.busy) return;
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.mode === mode)); });
      var recording = mode !== "text";
      root.hidden = !recording;
      typePanel.hidden = recording;
      if (recorder) {
        if (recording) recorder.setMode(mode);
        else { recorder.release(); recorder.discardTake(); recorder.mode = null; }
      }
      if (remember) { try { sessionStorage.setItem(MODE_KEY, mode); } catch (e) { /* private mode */ } }
    }

    buttons.forEach(function (b) {
      b.addEventListener("click", function () { choose(b.dataset.mode, true); });
    });

    var stored = null;
    try { stored = sessionStorage.getItem(MODE_KEY); } catch (e) { stored = null; }
    var typed = document.getElementById("answer-text");
    if (!recorder || (typed && typed.value.trim())) {
      choose("text", false);
    } else if (stored === "video" || stored === "audio") {
      // The candidate recorded the previous answer: carry on the same way.
      choose(stored, false);
      recorder.enable();
    } else {
      // Typing first, as without JavaScript; recording is one click away.
      choose("text", false);
    }

    window.addEventListener("beforeunload", function (evt) {
      if (recorder && (recorder.blob || (recorder.recorder && recorder.recorder.state === "recording")) && !recorder.saved) {
        evt.preventDefault();
        evt.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
