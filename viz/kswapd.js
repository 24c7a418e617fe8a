// SPDX-License-Identifier: GPL-2.0
/*
 * kswapd and direct reclaim: kswapd's CPU per node over time (uPlot, from
 * the snapshots' kswapd ticks, as lrugen top shows it), and a histogram of
 * the direct reclaims' latencies (mm_vmscan_direct_reclaim_begin to _end
 * of one task) on a canvas of our own, of the reclaims that began in the
 * shared time range. LRG.state.kswapd and LRG.state.direct say what is
 * drawn.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

LRG.NODE_COLORS = ["#2b6cb0", "#dd6b20", "#2f855a", "#6b46c1", "#c53030", "#b7791f", "#319795", "#d53f8c"];

/*
 * Direct reclaim latency bins, log-spaced with round edges: bin k holds
 * [latEdge(k), latEdge(k + 1)) microseconds, the edges 1, 2, 5, 10, 20,
 * 50... µs.
 */
LRG.latEdge = function (k) {
	return [1, 2, 5][k % 3] * Math.pow(10, Math.floor(k / 3));
};
LRG.latBin = function (us) {
	var k = 0;
	while (LRG.latEdge(k + 1) <= us)
		k++;
	return k;
};

LRG.fmtUs = function (us) {
	if (us < 1000)
		return us + " µs";
	if (us < 1e6)
		return +(us / 1000).toPrecision(3) + " ms";
	return +(us / 1e6).toPrecision(3) + " s";
};

LRG.Histogram = function (canvas) {
	this.canvas = canvas;
	this.hits = null;
};

// draws counts per bin (bins lo..hi) and returns the bars drawn
LRG.Histogram.prototype.draw = function (counts, lo, hi) {
	var c = this.canvas;
	var L = { w: c.clientWidth || 600, h: c.clientHeight || 220, left: 64, right: 12, top: 10, bottom: 44 };
	var ctx = LRG.canvasContext(c, L), k, max = 0, bars = 0;
	var pw = L.w - L.left - L.right, ph = L.h - L.top - L.bottom, nb = hi - lo + 1, bw = pw / nb;
	for (k = lo; k <= hi; k++)
		max = Math.max(max, counts[k] || 0);
	var step = Math.max(1, Math.round(LRG.niceStep(Math.max(1, max) / 4))), top = Math.max(1, Math.ceil(max / step) * step);
	var Y = function (v) { return L.top + ph - v / top * ph; };
	ctx.strokeStyle = "#edf2f7";
	ctx.fillStyle = "#2d3748";
	ctx.textAlign = "right";
	ctx.textBaseline = "middle";
	for (var v = 0; v <= top; v += step) {
		ctx.beginPath();
		ctx.moveTo(L.left, Math.round(Y(v)) + 0.5);
		ctx.lineTo(L.left + pw, Math.round(Y(v)) + 0.5);
		ctx.stroke();
		ctx.fillText(String(v), L.left - 6, Y(v));
	}
	this.hits = { L: L, lo: lo, bw: bw, counts: counts };
	ctx.fillStyle = "#c53030";
	for (k = lo; k <= hi; k++) {
		var n = counts[k] || 0;
		if (!n)
			continue;
		var x0 = Math.round(L.left + (k - lo) * bw + 1), x1 = Math.round(L.left + (k - lo + 1) * bw - 1);
		ctx.fillRect(x0, Math.round(Y(n)), Math.max(1, x1 - x0), Math.round(Y(0)) - Math.round(Y(n)));
		bars++;
	}
	ctx.strokeStyle = "#4a5568";
	LRG.drawAxisLines(ctx, L, pw, ph);
	// x: the bins' lower edges, every other one when crowded
	ctx.fillStyle = "#2d3748";
	ctx.textAlign = "center";
	ctx.textBaseline = "alphabetic";
	var every = Math.max(1, Math.ceil(52 / bw));
	for (k = lo; k <= hi + 1; k++) {
		if ((k - lo) % every)
			continue;
		var x = Math.round(L.left + (k - lo) * bw) + 0.5;
		ctx.beginPath();
		ctx.moveTo(x, L.top + ph);
		ctx.lineTo(x, L.top + ph + 4);
		ctx.stroke();
		ctx.fillText(LRG.fmtUs(LRG.latEdge(k)), x, L.top + ph + 15);
	}
	ctx.fillText("latency, begin to end (log-spaced bins)", L.left + pw / 2, L.top + ph + 34);
	ctx.save();
	ctx.translate(14, L.top + ph / 2);
	ctx.rotate(-Math.PI / 2);
	ctx.fillText("direct reclaims", 0, 0);
	ctx.restore();
	return bars;
};

LRG.Histogram.prototype.hit = function (x) {
	var h = this.hits;
	if (!h || x < h.L.left)
		return null;
	var k = h.lo + Math.floor((x - h.L.left) / h.bw);
	return { bin: k, count: h.counts[k] || 0 };
};

LRG.kswapdInit = function (data) {
	var $ = function (id) { return document.getElementById(id); };
	var nodes = data.nodes || [], t = data.t_ms, notes = [];
	var x = t.map(function (v) { return v / 1000; }), known = false;

	// kswapd's CPU per node
	var series = [], cols = [x];
	nodes.forEach(function (n, i) {
		series.push({ label: "kswapd" + n.nid + " (%)", stroke: LRG.NODE_COLORS[i % LRG.NODE_COLORS.length],
			      width: 2, paths: uPlot.paths.stepped({ align: -1 }),
			      value: function (u, v) { return v == null ? "-" : v.toFixed(1); } });
		cols.push(n.kswapd_cpu_pm.map(function (v) {
			if (v !== null)
				known = true;
			return v === null ? null : v / 10;
		}));
	});
	if (!known)
		notes.push(data.plain ?
			"A plain recording has no snapshots: kswapd's CPU time (the nodes' kswapd ticks) is unknown." :
			!t.length ? "No snapshots in this recording: kswapd's CPU time comes from the snapshots' kswapd ticks (lrugen record)." :
			"kswapd's CPU time is unknown: no snapshot after the first read it.");
	var u = null;
	if (known) {
		u = LRG.timePlot($("kswapd-chart"), {
			height: 220, ylabel: "CPU (% of one CPU)", series: series,
			scales: { y: { range: function (uu, lo, hi) { return [0, Math.max(100, hi || 0)]; } } }
		}, cols);
	} else {
		// nothing to draw: the note says why
		$("kswapd-chart").parentNode.hidden = true;
	}

	// the direct reclaims' latencies
	var d = data.direct, nd = d.begin_us.length, lat = [], i;
	var order = [];
	for (i = 0; i < nd; i++)
		order.push(i);
	var at = function (k) { return d.end_us[k] !== null ? d.end_us[k] : d.begin_us[k]; };
	order.sort(function (a, b) { return at(a) - at(b); });
	order.forEach(function (k) {
		lat.push(d.begin_us[k] !== null && d.end_us[k] !== null ? d.end_us[k] - d.begin_us[k] : null);
	});
	// each one's bin, and where each began (ms), found once: a zoom
	// step redraws the histogram of those in range
	var bin = lat.map(function (v) { return v === null ? null : LRG.latBin(v); });
	var began = order.map(function (k) { return (d.begin_us[k] !== null ? d.begin_us[k] : d.end_us[k]) / 1000; });
	var lo = Infinity, hi = -Infinity;
	bin.forEach(function (v) {
		if (v === null)
			return;
		lo = Math.min(lo, v);
		hi = Math.max(hi, v);
	});
	if (!nd)
		notes.push("No direct reclaim in the recording: no mm_vmscan_direct_reclaim_begin or _end event (lrugen record records them; none means no task reclaimed for itself, or the events were not recorded).");
	if (notes.length) {
		$("kswapd-note").textContent = notes.join(" ");
		$("kswapd-note").hidden = false;
	}
	var hist = new LRG.Histogram($("direct-canvas")), counts = {}, tipEl = $("direct-tip");
	if (!(hi >= lo)) {
		$("direct-wrap").parentNode.hidden = true;
		$("direct-wrap").hidden = true;
		lo = hi = 0;
	}
	// off screen, the histogram is drawn when it shows; the state and the
	// figures below it say now what it will show
	var shown = null, paint = LRG.whenSeen($("direct-canvas"), function () {
		if (!$("direct-wrap").hidden)
			hist.draw(shown, lo, hi);
	});
	function draw() {
		var r = LRG.time.get(), n = 0, pages = 0, vis = [];
		counts = {};
		order.forEach(function (k, j) {
			if (lat[j] === null || began[j] < r[0] || began[j] > r[1])
				return;
			counts[bin[j]] = (counts[bin[j]] || 0) + 1;
			vis.push(lat[j]);
			pages += d.reclaimed[k];
			n++;
		});
		var bars = 0, k;
		for (k = lo; k <= hi && !$("direct-wrap").hidden; k++)
			bars += counts[k] ? 1 : 0;
		shown = counts;
		paint();
		vis.sort(function (a, b) { return a - b; });
		var q = function (p) { return vis.length ? LRG.fmtUs(vis[Math.min(vis.length - 1, Math.floor(p * vis.length))]) : "-"; };
		$("direct-stats").textContent = nd ? n + " of " + nd + " direct reclaims began in the time shown; latency median " +
			q(0.5) + ", 90th percentile " + q(0.9) + ", longest " + (vis.length ? LRG.fmtUs(vis[vis.length - 1]) : "-") +
			"; " + pages.toLocaleString("en-US") + " pages reclaimed." : "";
		LRG.state.direct = { reclaims: nd, shown: n, bars: bars, bins: hi - lo + 1, latency_us: lat,
				     counts: counts };
	}
	$("direct-canvas").addEventListener("mousemove", function (ev) {
		var rect = ev.target.getBoundingClientRect(), xx = ev.clientX - rect.left, h = hist.hit(xx);
		if (!h || h.bin < lo || h.bin > hi) {
			tipEl.hidden = true;
			return;
		}
		tipEl.innerHTML = LRG.fmtUs(LRG.latEdge(h.bin)) + " to " + LRG.fmtUs(LRG.latEdge(h.bin + 1)) +
			": <b>" + h.count + "</b> direct reclaims";
		tipEl.hidden = false;
		tipEl.style.left = Math.max(0, Math.min(xx + 14, rect.width - tipEl.offsetWidth)) + "px";
		tipEl.style.top = (ev.clientY - rect.top + 14) + "px";
	});
	$("direct-canvas").addEventListener("mouseleave", function () { tipEl.hidden = true; });
	LRG.time.on(draw);
	window.addEventListener("resize", draw);
	draw();
	LRG.state.kswapd = { series: u ? u.series.length - 1 : 0, points: u ? u.data[0].length : 0,
			     nids: nodes.map(function (n) { return n.nid; }),
			     pm: nodes.map(function (n) { return n.kswapd_cpu_pm; }) };
};
