// SPDX-License-Identifier: GPL-2.0
/*
 * The page-age heatmap: time across, page age up (in bins of roughly
 * doubling width), the colour of a cell the pages that were that old at
 * that snapshot, summed over the lruvecs of one node (all its memcgs, or
 * one). A page's age is its generation's: the snapshot's time minus the
 * generation's birth (born_ms in the data). Drawn on a canvas of our own.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

/*
 * The age bins' upper edges, in seconds: 1-2-5 steps, then the clock's
 * minutes and hours, so that each bin is 1.5 to 2.5 times the one below
 * (log-spaced) and every edge reads as a round number.
 */
LRG.AGE_EDGES = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 18000,
		 36000, 86400, 172800, 604800];

LRG.ageBin = function (ms) {
	var s = ms / 1000, k;
	for (k = 0; k < LRG.AGE_EDGES.length; k++)
		if (s < LRG.AGE_EDGES[k])
			return k;
	return LRG.AGE_EDGES.length;
};

LRG.fmtAgeEdge = function (s) {
	if (s < 60)
		return s + " s";
	if (s < 3600)
		return s / 60 + " min";
	if (s < 86400)
		return s / 3600 + " h";
	return s / 86400 + " d";
};

// the bin's range in words: "< 1 s", "2 s to 5 s", "> 7 d"
LRG.fmtAgeBin = function (k) {
	var E = LRG.AGE_EDGES;
	if (k === 0)
		return "under " + LRG.fmtAgeEdge(E[0]);
	if (k >= E.length)
		return LRG.fmtAgeEdge(E[E.length - 1]) + " and older";
	return LRG.fmtAgeEdge(E[k - 1]) + " to " + LRG.fmtAgeEdge(E[k]);
};

// the colour scale: light yellow (few pages) to dark blue (most)
LRG.HEAT_STOPS = [[255, 255, 204], [161, 218, 180], [65, 182, 196], [44, 127, 184], [37, 52, 148]];
LRG.heatColor = function (frac) {
	var S = LRG.HEAT_STOPS, x = Math.max(0, Math.min(1, frac)) * (S.length - 1);
	var i = Math.min(S.length - 2, Math.floor(x)), u = x - i, c = [0, 1, 2].map(function (j) {
		return Math.round(S[i][j] + (S[i + 1][j] - S[i][j]) * u);
	});
	return "rgb(" + c.join(",") + ")";
};

/*
 * The grid of a selection: nid, li (one lruvec, or -1 for every lruvec of
 * the node), type ("both", "anon", "file"). v[f * rows + bin] is pages.
 * rows covers the oldest age in the whole recording, so that switching
 * keeps the axis.
 */
LRG.heatGrid = function (data, nid, li, type) {
	var nf = data.t_ms.length, t = data.t_ms, maxBin = 0, i, f, k;
	for (i = 0; i < data.lruvecs.length; i++) {
		var b = data.lruvecs[i].bands;
		for (k = 0; k < b.seq.length; k++)
			if (b.born_ms[k] !== null)
				maxBin = Math.max(maxBin, LRG.ageBin(t[b.f1[k]] - b.born_ms[k]));
	}
	var rows = maxBin + 1, g = { rows: rows, cols: nf, v: new Float64Array(nf * rows),
				     totals: new Array(nf).fill(0), max: 0, nonzero: 0 };
	if (data.plain)
		return g;
	for (i = 0; i < data.lruvecs.length; i++) {
		var l = data.lruvecs[i];
		if (l.nid !== nid || (li >= 0 && i !== li))
			continue;
		var lv = LRG.prepare(data, i), bb = l.bands;
		for (f = 0; f < nf; f++) {
			if (!lv.cols[f])
				continue;
			for (k = 0; k < lv.cols[f].length; k++) {
				var bi = lv.cols[f][k], j = f - bb.f0[bi];
				var p = (type !== "file" ? lv.anon[bi][j] : 0) + (type !== "anon" ? lv.file[bi][j] : 0);
				if (!p || bb.born_ms[bi] === null)
					continue;
				g.v[f * rows + LRG.ageBin(t[f] - bb.born_ms[bi])] += p;
				g.totals[f] += p;
			}
		}
	}
	for (k = 0; k < g.v.length; k++) {
		if (g.v[k] > 0)
			g.nonzero++;
		g.max = Math.max(g.max, g.v[k]);
	}
	return g;
};

LRG.Heatmap = function (canvas) {
	this.canvas = canvas;
	this.hits = null;
};

LRG.Heatmap.prototype.layout = function () {
	var c = this.canvas;
	return { w: c.clientWidth || 800, h: c.clientHeight || 300, left: 92, right: 96, top: 10, bottom: 40 };
};

// the columns and cells of grid g in range: what draw() draws
LRG.Heatmap.prototype.count = function (data, g, range) {
	var t = data.t_ms, nf = t.length, st = { columns: 0, cells: 0 }, f, k;
	for (f = 0; f < nf; f++) {
		if (LRG.frameEnd(data, f) <= range[0] || t[f] >= range[1])
			continue;
		st.columns++;
		for (k = 0; k < g.rows; k++)
			if (g.v[f * g.rows + k] > 0)
				st.cells++;
	}
	return st;
};

// draws grid g over range; returns the columns and cells drawn
LRG.Heatmap.prototype.draw = function (data, g, range) {
	var c = this.canvas, L = this.layout();
	var ctx = LRG.canvasContext(c, L), t = data.t_ms, nf = t.length, f, k;
	var pw = L.w - L.left - L.right, ph = L.h - L.top - L.bottom, t0 = range[0], t1 = range[1];
	var X = function (ms) { return L.left + (ms - t0) / (t1 - t0) * pw; };
	var rh = ph / g.rows, lmax = Math.log(Math.max(2, g.max));
	var st = { columns: 0, cells: 0 };
	this.hits = { L: L, g: g, cols: [] };
	ctx.fillStyle = "#f7fafc";
	ctx.fillRect(L.left, L.top, pw, ph);
	ctx.save();
	ctx.beginPath();
	ctx.rect(L.left, L.top, pw, ph);
	ctx.clip();
	// one path per colour step: a few dozen fills, not one per cell
	var paths = {}, STEPS = 48;
	for (f = 0; f < nf; f++) {
		var e = LRG.frameEnd(data, f);
		if (e <= t0 || t[f] >= t1)
			continue;
		var x0 = Math.round(X(t[f])), x1 = Math.max(x0 + 1, Math.round(X(e)));
		this.hits.cols.push({ f: f, x0: x0, x1: x1 });
		st.columns++;
		for (k = 0; k < g.rows; k++) {
			var v = g.v[f * g.rows + k];
			if (!(v > 0))
				continue;
			var step = Math.round(Math.log(v) / lmax * STEPS);
			var y0 = Math.round(L.top + ph - (k + 1) * rh), y1 = Math.round(L.top + ph - k * rh);
			(paths[step] || (paths[step] = new Path2D())).rect(x0, y0, x1 - x0, y1 - y0);
			st.cells++;
		}
	}
	for (var s in paths) {
		ctx.fillStyle = LRG.heatColor(s / STEPS);
		ctx.fill(paths[s]);
	}
	ctx.restore();
	this.axes(ctx, L, X, t0, t1, pw, ph, rh, g);
	return st;
};

LRG.Heatmap.prototype.axes = function (ctx, L, X, t0, t1, pw, ph, rh, g) {
	var k;
	LRG.drawTimeAxis(ctx, L, X, t0, t1, pw, ph);
	// y: the bins' edges, between the rows
	ctx.textAlign = "right";
	ctx.textBaseline = "middle";
	ctx.fillStyle = "#2d3748";
	var every = Math.max(1, Math.ceil(14 / rh));
	for (k = 0; k < g.rows; k++) {
		var y = Math.round(L.top + ph - (k + 1) * rh) + 0.5;
		if (k < LRG.AGE_EDGES.length && (k + 1) % every === 0) {
			ctx.beginPath();
			ctx.moveTo(L.left - 4, y);
			ctx.lineTo(L.left, y);
			ctx.stroke();
			ctx.fillText(LRG.fmtAgeEdge(LRG.AGE_EDGES[k]), L.left - 6, y);
		}
	}
	ctx.save();
	ctx.translate(14, L.top + ph / 2);
	ctx.rotate(-Math.PI / 2);
	ctx.textAlign = "center";
	ctx.fillText("page age (log-spaced bins)", 0, 0);
	ctx.restore();
	// the colour scale, on the right: pages, log
	var bx = L.w - L.right + 16, bw = 14, by = L.top, bh = ph, i;
	if (!this.bar || this.bar.length !== Math.ceil(bh))
		for (this.bar = [], i = 0; i < bh; i++)
			this.bar.push(LRG.heatColor(1 - i / bh));
	for (i = 0; i < bh; i++) {
		ctx.fillStyle = this.bar[i];
		ctx.fillRect(bx, by + i, bw, 1);
	}
	ctx.strokeStyle = "#a0aec0";
	ctx.strokeRect(bx - 0.5, by - 0.5, bw + 1, bh + 1);
	ctx.fillStyle = "#2d3748";
	ctx.textAlign = "left";
	var lmax = Math.log(Math.max(2, g.max));
	for (var p = 1; p <= Math.max(2, g.max); p *= 10) {
		var yy = Math.round(by + bh - Math.log(p) / lmax * bh) + 0.5;
		ctx.beginPath();
		ctx.moveTo(bx + bw, yy);
		ctx.lineTo(bx + bw + 4, yy);
		ctx.stroke();
		ctx.fillText(LRG.fmtShort(p), bx + bw + 6, yy);
	}
	ctx.fillText("pages", bx - 4, by + bh + 16);
};

// what is under a point: {f, bin, pages}, or null
LRG.Heatmap.prototype.hit = function (x, y) {
	var h = this.hits, k;
	if (!h)
		return null;
	var L = h.L, ph = L.h - L.top - L.bottom;
	if (y < L.top || y > L.top + ph)
		return null;
	var bin = Math.floor((L.top + ph - y) / (ph / h.g.rows));
	for (k = 0; k < h.cols.length; k++)
		if (x >= h.cols[k].x0 && x < h.cols[k].x1)
			return { f: h.cols[k].f, bin: bin, pages: h.g.v[h.cols[k].f * h.g.rows + bin] };
	return null;
};

/*
 * The heatmap's section of the page: the node, memcg and type selectors,
 * the hover, and the redraw on the shared time range. LRG.state.heatmap
 * says what is drawn.
 */
LRG.heatmapInit = function (data) {
	var $ = function (id) { return document.getElementById(id); };
	var c = $("heatmap-canvas"), hm = new LRG.Heatmap(c), tipEl = $("heatmap-tip");
	var nodes = [], seen = {}, grid = null, cells = [], i;
	for (i = 0; i < data.lruvecs.length; i++) {
		var n = data.lruvecs[i].nid;
		if (!seen[n]) {
			seen[n] = true;
			nodes.push(n);
		}
	}
	nodes.sort(function (a, b) { return a - b; });
	LRG.fillSelect($("heatmap-node"), nodes.map(function (n) { return [n, "node " + n]; }));
	/*
	 * The memcgs of the node: all of them up to MAX_MEMCGS; past that the
	 * busiest (pages evicted, then moved), the one shown and the timeline's
	 * lruvec's, which its search box picks.
	 */
	var MAX_MEMCGS = 500;
	function memcgs(want) {
		var nid = +$("heatmap-node").value, sel = $("heatmap-memcg"), mine = [], k;
		var keep = want !== undefined ? want : sel.value === "" ? -1 : +sel.value;
		for (k = 0; k < data.lruvecs.length; k++)
			if (data.lruvecs[k].nid === nid)
				mine.push(k);
		var total = mine.length;
		if (total > MAX_MEMCGS) {
			var l = data.lruvecs, tl = LRG.state && LRG.state.lruvec;
			mine.sort(function (a, b) {
				return l[b].evicted - l[a].evicted || l[b].moved - l[a].moved || a - b;
			});
			var top = mine.slice(0, MAX_MEMCGS);
			[keep, tl].forEach(function (x) {
				if (x >= 0 && x < l.length && l[x].nid === nid && top.indexOf(x) < 0)
					top.push(x);
			});
			mine = top;
		}
		var items = mine.map(function (x) { return [x, data.lruvecs[x].path]; });
		items.sort(function (a, b) { return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0; });
		LRG.fillSelect(sel, [[-1, "all memcgs (summed)"]].concat(items));
		sel.value = mine.indexOf(keep) >= 0 ? keep : -1;
		$("heatmap-memcg-count").textContent = total > MAX_MEMCGS ?
			"the " + MAX_MEMCGS + " busiest of " + total.toLocaleString("en-US") +
			" memcgs listed, and the timeline's: its search box finds any" : "";
	}
	function compute() {
		grid = LRG.heatGrid(data, +$("heatmap-node").value, +$("heatmap-memcg").value,
				    $("heatmap-type").value);
		cells = cellList();
		draw();
	}
	// the cells with pages, [frame, bin, pages], for a test
	function cellList() {
		var out = [], k;
		for (k = 0; k < grid.v.length; k++)
			if (grid.v[k] > 0)
				out.push([Math.floor(k / grid.rows), k % grid.rows, grid.v[k]]);
		return out;
	}
	// off screen, the canvas is drawn when it shows; the state says now
	// what it will show
	var paint = LRG.whenSeen(c, function () { hm.draw(data, grid, LRG.time.get()); });
	function draw() {
		var st = hm.count(data, grid, LRG.time.get());
		paint();
		LRG.state.heatmap = {
			nid: +$("heatmap-node").value, lruvec: +$("heatmap-memcg").value,
			type: $("heatmap-type").value, columns: st.columns, cells: st.cells,
			rows: grid.rows, frames: grid.cols, nonzero: grid.nonzero, totals: grid.totals,
			cells_list: cells
		};
	}
	if (data.plain || !nodes.length) {
		$("heatmap-note").textContent = data.plain || !data.t_ms.length ?
			"Not drawn: no snapshots in this recording. The heatmap needs lrugen record's snapshots: the pages and ages of the generations" +
				(data.plain ? " are unknown in a plain trace-cmd recording, which has events only." : ".") :
			"Not drawn: the snapshots of this recording hold no lruvec.";
		$("heatmap-note").hidden = false;
		c.parentNode.hidden = true;
		["heatmap-node", "heatmap-memcg", "heatmap-type"].forEach(function (id) { $(id).disabled = true; });
	}
	memcgs();
	$("heatmap-node").addEventListener("change", function () { memcgs(); compute(); });
	$("heatmap-memcg").addEventListener("change", compute);
	$("heatmap-type").addEventListener("change", compute);
	LRG.canvasZoom(c, function () { return hm.layout(); }, hm, function (ev) {
		var rect = c.getBoundingClientRect(), x = ev.clientX - rect.left, y = ev.clientY - rect.top;
		var h = hm.hit(x, y);
		if (!h) {
			tipEl.hidden = true;
			return;
		}
		tipEl.innerHTML = "<b>" + LRG.fmtTime(data.t_ms[h.f]) + "</b>, snapshot " + (h.f + 1) + " of " +
			data.t_ms.length + "<br>age " + LRG.fmtAgeBin(h.bin) + ": " + LRG.fmtPages(h.pages) +
			"<br>all ages: " + LRG.fmtPages(grid.totals[h.f]);
		tipEl.hidden = false;
		var left = x + 14;
		if (left + tipEl.offsetWidth > c.clientWidth)
			left = x - tipEl.offsetWidth - 14;
		tipEl.style.left = Math.max(0, left) + "px";
		tipEl.style.top = (y + 14) + "px";
	}, function () { tipEl.hidden = true; });
	LRG.time.on(draw);
	window.addEventListener("resize", draw);
	compute();
	return { follow: function () {
		// the timeline showed another lruvec: list it, when the list is cut
		var nid = +$("heatmap-node").value, tl = LRG.state.lruvec;
		if (tl >= 0 && data.lruvecs[tl].nid === nid &&
		    !$("heatmap-memcg").querySelector('option[value="' + tl + '"]'))
			memcgs();
	}, select: function (nid, li) {
		$("heatmap-node").value = nid;
		memcgs(li);
		compute();
	} };
};
