// SPDX-License-Identifier: GPL-2.0
/*
 * The generation timeline of one lruvec, drawn on a canvas of our own:
 * time across; each generation a band from the first snapshot that showed
 * it to the last, the bands of a snapshot stacked oldest at the bottom,
 * each split into its anon pages (orange) and file pages (blue); above the
 * plot, lanes of marks for the lruvec's events. The same code draws the
 * small multiples, without lanes and axes.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

LRG.KIND = { birth: 0, retire: 1, evict: 2, aging: 3, proactive: 4 };
// the lanes above the plot, top to bottom
LRG.LANES = [
	{ kind: 3, name: "aging", long: "aging walk (ended)", color: "#2f855a" },
	{ kind: 0, name: "birth", long: "generation born", color: "#6b46c1" },
	{ kind: 1, name: "retire", long: "generation retired", color: "#4a5568" },
	{ kind: 2, name: "evict", long: "eviction (orange anon, blue file; taller: more pages)", color: "#c53030" },
	{ kind: 4, name: "proactive", long: "proactive request (ended)", color: "#b7791f" }
];
LRG.COLORS = {
	anon: ["#dd6b20", "#f6ad55"],	// older and younger of two neighbours
	file: ["#2b6cb0", "#90cdf4"],
	unknown: ["#718096", "#cbd5e0"]
};

/*
 * One lruvec of the data, ready to draw: per band its pages at each frame
 * it lived (the records say only what changed), the bands alive at each
 * frame oldest first, and its events. Built once per lruvec.
 */
LRG.prepare = function (data, li) {
	var cache = LRG._prep || (LRG._prep = {});
	if (cache[li])
		return cache[li];
	var l = data.lruvecs[li], b = l.bands, p = l.pages, nb = b.seq.length;
	var nf = data.t_ms.length, i, f, k;
	var lv = { li: li, path: l.path, nid: l.nid, nb: nb, anon: [], file: [],
		   cols: new Array(nf), maxTotal: 0, events: [], evictMax: 0 };

	for (i = 0; i < nb; i++) {
		lv.anon.push(new Float64Array(b.f1[i] - b.f0[i] + 1));
		lv.file.push(new Float64Array(b.f1[i] - b.f0[i] + 1));
	}
	// the records, in frame order: each holds until the next of its band
	var last = new Array(nb);
	for (k = 0; k < p.f.length; k++) {
		var bi = p.band[k];
		if (last[bi] !== undefined)
			for (f = last[bi].f + 1; f < p.f[k]; f++) {
				lv.anon[bi][f - b.f0[bi]] = last[bi].a;
				lv.file[bi][f - b.f0[bi]] = last[bi].fl;
			}
		lv.anon[bi][p.f[k] - b.f0[bi]] = p.anon[k];
		lv.file[bi][p.f[k] - b.f0[bi]] = p.file[k];
		last[bi] = { f: p.f[k], a: p.anon[k], fl: p.file[k] };
	}
	for (bi = 0; bi < nb; bi++)
		if (last[bi])
			for (f = last[bi].f + 1; f <= b.f1[bi]; f++) {
				lv.anon[bi][f - b.f0[bi]] = last[bi].a;
				lv.file[bi][f - b.f0[bi]] = last[bi].fl;
			}
	// the columns: bands alive per frame, oldest (lowest seq) first
	for (bi = 0; bi < nb; bi++)
		for (f = b.f0[bi]; f <= b.f1[bi]; f++)
			(lv.cols[f] || (lv.cols[f] = [])).push(bi);
	for (f = 0; f < nf; f++) {
		if (!lv.cols[f])
			continue;
		lv.cols[f].sort(function (x, y) { return b.seq[x] - b.seq[y]; });
		var tot = 0;
		lv.cols[f].forEach(function (x) {
			tot += data.plain ? 1 : lv.anon[x][f - b.f0[x]] + lv.file[x][f - b.f0[x]];
		});
		lv.maxTotal = Math.max(lv.maxTotal, tot);
	}
	var ev = data.events, byLv = LRG.eventsByLruvec(data);
	lv.events = byLv[li] || [];
	for (k = 0; k < lv.events.length; k++)
		if (ev.kind[lv.events[k]] === LRG.KIND.evict)
			lv.evictMax = Math.max(lv.evictMax, ev.c[lv.events[k]]);
	cache[li] = lv;
	return lv;
};

// per lruvec, the indices of its events in time order; built once
LRG.eventsByLruvec = function (data) {
	if (LRG._byLv)
		return LRG._byLv;
	var ev = data.events, by = {}, k;
	for (k = 0; k < ev.t_us.length; k++) {
		var li = ev.lruvec[k];
		if (li >= 0)
			(by[li] || (by[li] = [])).push(k);
	}
	LRG._byLv = by;
	return by;
};

// a step of 1, 2 or 5 times a power of ten, about `want` units
LRG.niceStep = function (want) {
	var p = Math.pow(10, Math.floor(Math.log10(want))), m = want / p;
	return p * (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10);
};

LRG.fmtShort = function (v) {
	if (v >= 1e6)
		return (v / 1e6).toFixed(v % 1e6 ? 1 : 0) + "M";
	if (v >= 1e3)
		return (v / 1e3).toFixed(v % 1e3 ? 1 : 0) + "k";
	return String(v);
};

/*
 * new LRG.Timeline(canvas, {small: bool}): draw(data, li, range) draws
 * lruvec li over range [ms, ms] and returns what it drew ({bands, cells}:
 * generations with at least one column in range, and columns of them);
 * hit(x, y) tells what is under a point of the canvas.
 */
LRG.Timeline = function (canvas, opts) {
	this.canvas = canvas;
	this.small = !!(opts && opts.small);
	this.hits = null;
};

LRG.Timeline.prototype.layout = function () {
	var c = this.canvas, w = c.clientWidth || 800, h = c.clientHeight || 400;
	var laneH = 13;
	if (this.small)
		return { w: w, h: h, left: 2, right: 2, top: 14, bottom: 2, laneH: 0, lanesTop: 0 };
	return { w: w, h: h, left: 74, right: 14, top: 8 + laneH * LRG.LANES.length + 6,
		 bottom: 40, laneH: laneH, lanesTop: 8 };
};

LRG.Timeline.prototype.draw = function (data, li, range, windowRange) {
	var c = this.canvas, dpr = window.devicePixelRatio || 1, L = this.layout();
	var ctx = LRG.canvasContext(c, L);
	var stats = { bands: 0, cells: 0 };
	var key = [li, range[0], range[1], c.width, c.height].join(" ");
	if (this.small && this.cache && this.cacheKey === key) {
		// the bands as drawn before: only the zoom window moved
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.drawImage(this.cache, 0, 0);
		ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
		this.shade(ctx, L, range, windowRange);
		return this.cacheStats;
	}
	this.hits = { cols: [], marks: [], L: L, li: li };
	if (li < 0 || li >= data.lruvecs.length) {
		ctx.fillStyle = "#4a5568";
		ctx.fillText("no lruvec to draw", L.left + 8, L.top + 20);
		return stats;
	}
	var lv = LRG.prepare(data, li), t = data.t_ms, nf = t.length, b = data.lruvecs[li].bands;
	var pw = L.w - L.left - L.right, ph = L.h - L.top - L.bottom;
	var t0 = range[0], t1 = range[1];
	var X = function (ms) { return L.left + (ms - t0) / (t1 - t0) * pw; };
	var end = function (f) {
		if (f + 1 < nf)
			return t[f + 1];
		return Math.max(data.length_ms, t[f] + (nf > 1 ? (t[nf - 1] - t[0]) / (nf - 1) : 1000));
	};
	// the visible frames, and the largest stack among them (the y scale)
	var ymax = 0, f, k, seen = {};
	for (f = 0; f < nf; f++) {
		if (!lv.cols[f] || end(f) <= t0 || t[f] >= t1)
			continue;
		var tot = 0;
		for (k = 0; k < lv.cols[f].length; k++) {
			var x = lv.cols[f][k];
			tot += data.plain ? 1 : lv.anon[x][f - b.f0[x]] + lv.file[x][f - b.f0[x]];
		}
		ymax = Math.max(ymax, tot);
	}
	if (ymax <= 0)
		ymax = 1;
	var ystep = LRG.niceStep(ymax / (this.small ? 2 : 5));
	if (data.plain)
		ystep = Math.max(1, Math.round(ystep));
	var ytop = Math.ceil(ymax / ystep) * ystep;
	var Y = function (v) { return L.top + ph - v / ytop * ph; };

	ctx.save();
	ctx.beginPath();
	ctx.rect(L.left, L.top, pw, ph);
	ctx.clip();
	if (!this.small) {
		// grid
		ctx.strokeStyle = "#edf2f7";
		ctx.lineWidth = 1;
		for (var gv = ystep; gv <= ytop; gv += ystep) {
			ctx.beginPath();
			ctx.moveTo(L.left, Math.round(Y(gv)) + 0.5);
			ctx.lineTo(L.left + pw, Math.round(Y(gv)) + 0.5);
			ctx.stroke();
		}
	}
	// one path per colour, filled once: far fewer state changes than a
	// fillRect per generation and frame
	var paths = {}, sep = new Path2D();
	var rect = function (color, x, ya, yb) {
		var y0 = Math.round(yb), h = Math.round(ya) - y0;
		if (h <= 0)
			return;
		(paths[color] || (paths[color] = new Path2D())).rect(x[0], y0, x[1] - x[0], h);
	};
	for (f = 0; f < nf; f++) {
		if (!lv.cols[f] || end(f) <= t0 || t[f] >= t1)
			continue;
		var x0 = Math.round(X(t[f])), x1 = Math.round(X(end(f)));
		if (x1 <= x0)
			x1 = x0 + 1;
		var xs = [x0, x1], col = { f: f, x0: x0, x1: x1, stack: [] }, y = 0;
		for (k = 0; k < lv.cols[f].length; k++) {
			var bi = lv.cols[f][k], i = f - b.f0[bi], shade = b.seq[bi] % 2;
			var a = data.plain ? 0 : lv.anon[bi][i], fl = data.plain ? 0 : lv.file[bi][i];
			var ya = Y(y), yb, yc;
			if (data.plain) {
				yb = yc = Y(y + 1);
				rect(LRG.COLORS.unknown[shade], xs, ya, yb);
				y += 1;
			} else {
				yb = Y(y + a);
				yc = Y(y + a + fl);
				rect(LRG.COLORS.anon[shade], xs, ya, yb);
				rect(LRG.COLORS.file[shade], xs, yb, yc);
				y += a + fl;
			}
			// a line on top of each generation keeps neighbours apart
			if (ya - yc >= 3 && !this.small)
				sep.rect(x0, Math.round(yc), x1 - x0, 1);
			col.stack.push({ bi: bi, y0: ya, y1: yc, anon: a, file: fl });
			if (!seen[bi]) {
				seen[bi] = true;
				stats.bands++;
			}
			stats.cells++;
		}
		col.total = y;
		this.hits.cols.push(col);
	}
	for (var color in paths) {
		ctx.fillStyle = color;
		ctx.fill(paths[color]);
	}
	ctx.fillStyle = "rgba(255,255,255,0.9)";
	ctx.fill(sep);
	if (!this.small)
		this.labelBands(ctx, b);
	ctx.restore();

	if (this.small) {
		ctx.fillStyle = "#1a202c";
		ctx.fillText(lv.path + "  node " + lv.nid + (data.plain ? "" :
			     "  · up to " + LRG.fmtShort(lv.maxTotal) + " pages"), 2, 11);
		ctx.strokeStyle = "#a0aec0";
		ctx.strokeRect(L.left - 0.5, L.top - 0.5, pw + 1, ph + 1);
		this.cache = this.cache || document.createElement("canvas");
		this.cache.width = c.width;
		this.cache.height = c.height;
		this.cache.getContext("2d").drawImage(c, 0, 0);
		this.cacheKey = key;
		this.cacheStats = stats;
		this.shade(ctx, L, range, windowRange);
		return stats;
	}
	this.drawMarks(ctx, data, lv, L, X, t0, t1, ph);
	this.drawAxes(ctx, data, L, X, Y, t0, t1, ystep, ytop, pw, ph);
	return stats;
};

// the big chart's zoom window, shaded on a small multiple
LRG.Timeline.prototype.shade = function (ctx, L, range, w) {
	var pw = L.w - L.left - L.right, ph = L.h - L.top - L.bottom;
	if (!w || (w[0] <= range[0] && w[1] >= range[1]))
		return;
	var X = function (ms) { return L.left + (ms - range[0]) / (range[1] - range[0]) * pw; };
	ctx.fillStyle = "rgba(26,32,44,0.12)";
	ctx.fillRect(L.left, L.top, Math.max(0, X(w[0]) - L.left), ph);
	var wx = X(w[1]);
	ctx.fillRect(wx, L.top, Math.max(0, L.left + pw - wx), ph);
};

// "gen N" in the first column of each band tall and wide enough to hold it
LRG.Timeline.prototype.labelBands = function (ctx, b) {
	var done = {}, cols = this.hits.cols, k, j;
	var widths = this.labelWidths || (this.labelWidths = {});
	ctx.fillStyle = "#1a202c";
	for (k = 0; k < cols.length; k++) {
		var c = cols[k];
		// no label fits a column this narrow: skip measuring its text
		if (c.x1 - c.x0 < 8)
			continue;
		for (j = 0; j < c.stack.length; j++) {
			var s = c.stack[j], text = "gen " + b.seq[s.bi];
			if (done[s.bi] || s.y0 - s.y1 < 14)
				continue;
			if (widths[text] === undefined)
				widths[text] = ctx.measureText(text).width;
			if (c.x1 - c.x0 < widths[text] + 8)
				continue;
			done[s.bi] = true;
			ctx.fillText(text, c.x0 + 4, s.y1 + 12);
		}
	}
};

/*
 * The lruvec's events ready for the lanes, once per lane height: each
 * one's time in ms and, for an eviction, the height of its mark (taller
 * for more pages reclaimed, on a log scale); with scratch space for a draw.
 */
LRG.markData = function (data, lv, h) {
	if (lv.marks && lv.marks.h === h)
		return lv.marks;
	var ev = data.events, n = lv.events.length, k;
	var m = { h: h, ms: new Float64Array(n), hh: new Float64Array(n), keep: new Uint8Array(n) };
	for (k = 0; k < n; k++) {
		var e = lv.events[k];
		m.ms[k] = ev.t_us[e] / 1000;
		if (ev.kind[e] === LRG.KIND.evict) {
			var frac = lv.evictMax > 0 ? Math.log(1 + ev.c[e]) / Math.log(1 + lv.evictMax) : 0;
			m.hh[k] = Math.max(2, frac * h);
		}
	}
	lv.marks = m;
	return m;
};

// the first index of sorted times ms at or after t, or with after, past t
LRG.lowerBound = function (ms, t, after) {
	var lo = 0, hi = ms.length;
	while (lo < hi) {
		var mid = (lo + hi) >> 1;
		if (after ? ms[mid] <= t : ms[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
};

/*
 * Which eviction marks of [from, to) show: m.keep[k] set for those that
 * no later mark at the same x covers (as tall or taller: they share the
 * lane's bottom). Thousands of evictions can fall in one pixel column;
 * drawn in time order, as before, only these show, so only these are
 * drawn.
 */
LRG.keepEvictions = function (m, X, from, to) {
	var k, j, start = -1, x = NaN, xk = NaN;
	for (k = from; k <= to; k++) {
		if (k < to) {
			m.keep[k] = 0;
			if (!(m.hh[k] > 0))
				continue;
			xk = Math.round(X(m.ms[k])) + 0.5;
			if (xk === x)
				continue;
		}
		// [start, k) is one x's run (other kinds' events in it, with no
		// height, are in other lanes): backwards, a mark shows when it is
		// taller than all after it
		var top = 0;
		for (j = k - 1; j >= start && start >= 0; j--)
			if (m.hh[j] > top) {
				top = m.hh[j];
				m.keep[j] = 1;
			}
		start = k;
		x = xk;
	}
};

LRG.Timeline.prototype.drawMarks = function (ctx, data, lv, L, X, t0, t1, ph) {
	var ev = data.events, lanes = LRG.LANES, li, k;
	var laneOf = {};
	for (li = 0; li < lanes.length; li++) {
		laneOf[lanes[li].kind] = li;
		var ly = L.lanesTop + li * L.laneH;
		ctx.fillStyle = li % 2 ? "#f7fafc" : "#edf2f7";
		ctx.fillRect(L.left, ly, L.w - L.left - L.right, L.laneH);
		ctx.fillStyle = "#4a5568";
		ctx.textAlign = "right";
		ctx.fillText(lanes[li].name, L.left - 4, ly + L.laneH - 3);
		ctx.textAlign = "left";
	}
	// the events in [t0, t1] only, and of the evictions those that show
	var h = L.laneH - 2, m = LRG.markData(data, lv, h);
	var from = LRG.lowerBound(m.ms, t0, false), to = LRG.lowerBound(m.ms, t1, true);
	LRG.keepEvictions(m, X, from, to);
	for (k = from; k < to; k++) {
		var e = lv.events[k], ms = m.ms[k], hh = m.hh[k];
		var kind = ev.kind[e], lane = laneOf[kind], x = Math.round(X(ms)) + 0.5;
		var top = L.lanesTop + lane * L.laneH;
		if (kind === LRG.KIND.evict && !m.keep[k])
			continue;
		ctx.strokeStyle = ctx.fillStyle = lanes[lane].color;
		ctx.lineWidth = 1;
		if (kind === LRG.KIND.evict) {
			// taller for more pages reclaimed; colour by type
			ctx.strokeStyle = ev.arg[e] ? LRG.COLORS.file[0] : LRG.COLORS.anon[0];
			ctx.lineWidth = 2;
			ctx.beginPath();
			ctx.moveTo(x, top + 1 + h - hh);
			ctx.lineTo(x, top + 1 + h);
			ctx.stroke();
		} else if (kind === LRG.KIND.aging || kind === LRG.KIND.proactive) {
			// aging walks and proactive requests: a mark and a line down the plot
			ctx.beginPath();
			if (kind === LRG.KIND.aging) {
				ctx.moveTo(x - 4, top + 1);
				ctx.lineTo(x + 4, top + 1);
				ctx.lineTo(x, top + 1 + h);
			} else {
				ctx.moveTo(x, top + 1);
				ctx.lineTo(x + 4, top + 1 + h / 2);
				ctx.lineTo(x, top + 1 + h);
				ctx.lineTo(x - 4, top + 1 + h / 2);
			}
			ctx.closePath();
			ctx.fill();
			ctx.save();
			ctx.setLineDash([3, 3]);
			ctx.globalAlpha = 0.45;
			ctx.beginPath();
			ctx.moveTo(x, L.top);
			ctx.lineTo(x, L.top + ph);
			ctx.stroke();
			ctx.restore();
		} else if (kind === LRG.KIND.birth) {
			ctx.beginPath();
			ctx.arc(x, top + 1 + h / 2, 3.5, 0, 2 * Math.PI);
			ctx.fill();
		} else {
			ctx.beginPath();
			ctx.moveTo(x - 3, top + 2);
			ctx.lineTo(x + 3, top + h);
			ctx.moveTo(x + 3, top + 2);
			ctx.lineTo(x - 3, top + h);
			ctx.stroke();
		}
		this.hits.marks.push({ x: x, lane: lane, e: e });
	}
};

LRG.Timeline.prototype.drawAxes = function (ctx, data, L, X, Y, t0, t1, ystep, ytop, pw, ph) {
	LRG.drawTimeAxis(ctx, L, X, t0, t1, pw, ph);
	// y: pages (or, without page counts, generations)
	ctx.textAlign = "right";
	for (var v = 0; v <= ytop + ystep / 2; v += ystep) {
		var y = Math.round(Y(v)) + 0.5;
		ctx.beginPath();
		ctx.moveTo(L.left - 4, y);
		ctx.lineTo(L.left, y);
		ctx.stroke();
		ctx.fillText(LRG.fmtShort(v), L.left - 6, y + 4);
	}
	ctx.save();
	ctx.translate(14, L.top + ph / 2);
	ctx.rotate(-Math.PI / 2);
	ctx.textAlign = "center";
	ctx.fillText(data.plain ? "generations (pages unknown)" : "pages (4 KiB)", 0, 0);
	ctx.restore();
	ctx.textAlign = "left";
};

// what is under canvas point (x, y): {mark: event index} or {col, band}
LRG.Timeline.prototype.hit = function (x, y) {
	var h = this.hits, k;
	if (!h)
		return null;
	var L = h.L;
	if (L.laneH && y >= L.lanesTop && y < L.lanesTop + L.laneH * LRG.LANES.length) {
		var lane = Math.floor((y - L.lanesTop) / L.laneH), best = null, bd = 6;
		for (k = 0; k < h.marks.length; k++) {
			var m = h.marks[k], d = Math.abs(m.x - x);
			if (m.lane === lane && d <= bd) {
				best = m;
				bd = d;
			}
		}
		return best ? { mark: best.e } : null;
	}
	for (k = 0; k < h.cols.length; k++) {
		var c = h.cols[k];
		if (x < c.x0 || x >= c.x1)
			continue;
		var band = null;
		c.stack.forEach(function (s) {
			if (y <= s.y0 && y >= s.y1 - 1)
				band = s;
		});
		return { col: c, band: band };
	}
	return null;
};
