// SPDX-License-Identifier: GPL-2.0
/*
 * The time range every time chart of the report shows. One object holds
 * it (milliseconds since the recording's first snapshot); a chart that
 * zooms or pans calls set(), and every chart that listens redraws. The
 * generation timeline and the uPlot charts both use it.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

LRG.time = (function () {
	var full = [0, 1], cur = [0, 1], listeners = [];
	var MIN_SPAN = 1; // ms: no zooming below a millisecond

	function clamp(a, b) {
		var span = Math.max(MIN_SPAN, Math.min(b - a, full[1] - full[0]));

		if (a < full[0])
			a = full[0];
		if (a + span > full[1])
			a = full[1] - span;
		return [a, a + span];
	}

	return {
		// the whole recording; resets the range to it
		init: function (min, max) {
			full = [min, max > min ? max : min + 1];
			cur = full.slice();
		},
		full: function () { return full.slice(); },
		get: function () { return cur.slice(); },
		// set the range; src, the chart that asked, is told too
		set: function (a, b, src) {
			var r = clamp(Math.min(a, b), Math.max(a, b));

			if (r[0] === cur[0] && r[1] === cur[1])
				return;
			cur = r;
			listeners.forEach(function (fn) { fn(cur.slice(), src); });
		},
		reset: function (src) { this.set(full[0], full[1], src); },
		// zoom by factor around time t (factor < 1 zooms in)
		zoom: function (t, factor, src) {
			this.set(t - (t - cur[0]) * factor, t + (cur[1] - t) * factor, src);
		},
		// move by dt milliseconds
		pan: function (dt, src) {
			var span = cur[1] - cur[0], a = cur[0] + dt;

			a = Math.max(full[0], Math.min(full[1] - span, a));
			this.set(a, a + span, src);
		},
		on: function (fn) { listeners.push(fn); },
		isFull: function () { return cur[0] === full[0] && cur[1] === full[1]; }
	};
})();

// "+12.345 s", or minutes and seconds past a minute
LRG.fmtTime = function (ms) {
	var s = ms / 1000, sign = s < 0 ? "-" : "+";

	s = Math.abs(s);
	if (s < 60)
		return sign + s.toFixed(3) + " s";
	return sign + Math.floor(s / 60) + " min " + (s % 60).toFixed(3) + " s";
};

// pages as pages and MiB (4 KiB pages, the size on x86-64)
LRG.fmtPages = function (p) {
	return p.toLocaleString("en-US") + " pages (" + (p * 4 / 1024).toFixed(1) + " MiB)";
};
