// SPDX-License-Identifier: GPL-2.0
/*
 * What the report's time charts share, beside the time range (time.js):
 * a uPlot chart on that range (drag to zoom, wheel to zoom, double-click
 * for the whole recording), the wheel and drag of a canvas chart of our
 * own, a canvas sized and cleared for drawing, a time axis drawn on a
 * canvas, and the list of charts to resize.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

LRG.plots = [];

// uPlot's setSelect hook: a drag across a chart sets the shared range
LRG.selectToRange = function (u) {
	if (u.select.width < 2)
		return;
	var a = u.posToVal(u.select.left, "x"), b = u.posToVal(u.select.left + u.select.width, "x");
	u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
	LRG.time.set(a * 1000, b * 1000, u);
};

/*
 * A uPlot chart of seconds since the first snapshot, kept on the shared
 * range. opts: height, ylabel, series (uPlot series after x), bars (draw
 * the series as bars), points (points only). data: [x, y1, y2...].
 */
LRG.timePlot = function (el, opts, data) {
	var r = LRG.time.get(), series = [{
		label: "time (s)",
		value: function (u, v) { return v == null ? "-" : v.toFixed(3); }
	}].concat(opts.series);
	var u = new uPlot({
		width: el.clientWidth || 800,
		height: opts.height || 200,
		scales: Object.assign({ x: { time: false, min: r[0] / 1000, max: r[1] / 1000 } }, opts.scales || {}),
		axes: [{ label: "time since the first snapshot (s)" }].concat(opts.axes ||
			[{ label: opts.ylabel, size: 64 }]),
		series: series,
		legend: { live: true },
		cursor: { drag: { x: true, y: false, setScale: false } },
		hooks: { setSelect: [LRG.selectToRange] }
	}, data, el);
	u.over.addEventListener("dblclick", function () { LRG.time.reset(); });
	u.over.addEventListener("wheel", function (ev) {
		var rect = u.over.getBoundingClientRect(), rr = LRG.time.get();
		var fx = Math.max(0, Math.min(1, (ev.clientX - rect.left) / rect.width));
		ev.preventDefault();
		LRG.time.zoom(rr[0] + fx * (rr[1] - rr[0]), ev.deltaY < 0 ? 0.8 : 1.25);
	}, { passive: false });
	LRG.time.on(function (rg, src) {
		if (src !== u)
			u.setScale("x", { min: rg[0] / 1000, max: rg[1] / 1000 });
	});
	LRG.plots.push({ u: u, el: el, h: opts.height || 200 });
	return u;
};

LRG.resizePlots = function () {
	LRG.plots.forEach(function (p) { p.u.setSize({ width: p.el.clientWidth, height: p.h }); });
};

/*
 * Wheel zoom and drag pan on a canvas of our own: layout() gives its plot
 * area ({w, left, right}), the range is LRG.time's.
 */
LRG.canvasZoom = function (c, layout, src, onMove, onLeave) {
	var drag = null;
	c.addEventListener("mousemove", function (ev) {
		if (drag) {
			var L = layout(), r = LRG.time.get();
			var dt = (drag.x - ev.clientX) / (L.w - L.left - L.right) * (r[1] - r[0]);
			drag.x = ev.clientX;
			LRG.time.pan(dt, src);
			return;
		}
		onMove(ev);
	});
	c.addEventListener("mouseleave", function () { drag = null; onLeave(); });
	c.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX }; onLeave(); });
	window.addEventListener("mouseup", function () { drag = null; });
	c.addEventListener("dblclick", function () { LRG.time.reset(); });
	c.addEventListener("wheel", function (ev) {
		var L = layout(), r = LRG.time.get(), rect = c.getBoundingClientRect();
		var fx = (ev.clientX - rect.left - L.left) / (L.w - L.left - L.right);
		ev.preventDefault();
		LRG.time.zoom(r[0] + Math.max(0, Math.min(1, fx)) * (r[1] - r[0]), ev.deltaY < 0 ? 0.8 : 1.25, src);
	}, { passive: false });
};

/*
 * The 2D context of canvas c for layout L: sized to L.w x L.h CSS pixels
 * at the screen's pixel ratio, cleared, drawing in CSS pixels, 11px text.
 */
LRG.canvasContext = function (c, L) {
	var dpr = window.devicePixelRatio || 1, ctx = c.getContext("2d");
	if (c.width !== Math.round(L.w * dpr) || c.height !== Math.round(L.h * dpr)) {
		c.width = Math.round(L.w * dpr);
		c.height = Math.round(L.h * dpr);
	}
	ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
	ctx.clearRect(0, 0, L.w, L.h);
	ctx.font = "11px system-ui, sans-serif";
	return ctx;
};

/*
 * A chart's redraw, put off while the chart is off screen: returns
 * update(), which calls draw() now when el is on screen (or within 200
 * pixels of it), else once el scrolls into view. A zoom step then costs
 * only the charts the reader sees. Until the first report of the
 * observer, and without IntersectionObserver, el counts as on screen.
 */
LRG.whenSeen = function (el, draw) {
	var seen = true, stale = false;
	if (window.IntersectionObserver)
		new IntersectionObserver(function (entries) {
			seen = entries[entries.length - 1].isIntersecting;
			if (seen && stale) {
				stale = false;
				draw();
			}
		}, { rootMargin: "200px" }).observe(el);
	var update = function () {
		if (seen) {
			stale = false;
			draw();
		} else {
			stale = true;
		}
	};
	update.seen = function () { return seen; };
	return update;
};

// the left and bottom lines of a canvas chart's axes, in the stroke style set
LRG.drawAxisLines = function (ctx, L, pw, ph) {
	ctx.beginPath();
	ctx.moveTo(L.left - 0.5, L.top);
	ctx.lineTo(L.left - 0.5, L.top + ph + 0.5);
	ctx.lineTo(L.left + pw, L.top + ph + 0.5);
	ctx.stroke();
};

/*
 * The axes' lines of a canvas chart, left and bottom, and its x axis:
 * seconds since the first snapshot. Leaves the axis colours set.
 */
LRG.drawTimeAxis = function (ctx, L, X, t0, t1, pw, ph) {
	var step = LRG.niceStep((t1 - t0) / Math.max(2, pw / 90)), v;
	ctx.strokeStyle = "#4a5568";
	ctx.fillStyle = "#2d3748";
	ctx.lineWidth = 1;
	LRG.drawAxisLines(ctx, L, pw, ph);
	ctx.textAlign = "center";
	ctx.textBaseline = "alphabetic";
	for (v = Math.ceil(t0 / step) * step; v <= t1; v += step) {
		var x = Math.round(X(v)) + 0.5;
		ctx.beginPath();
		ctx.moveTo(x, L.top + ph);
		ctx.lineTo(x, L.top + ph + 4);
		ctx.stroke();
		var digits = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3;
		ctx.fillText((v / 1000).toFixed(digits), x, L.top + ph + 15);
	}
	ctx.fillText("time since the first snapshot (s)", L.left + pw / 2, L.top + ph + 32);
};

// the end of frame f's column: the next frame, the last held one interval
LRG.frameEnd = function (data, f) {
	var t = data.t_ms, nf = t.length;
	if (f + 1 < nf)
		return t[f + 1];
	return Math.max(data.length_ms, t[f] + (nf > 1 ? (t[nf - 1] - t[0]) / (nf - 1) : 1000));
};

// an <option> list into a select
LRG.fillSelect = function (sel, items) {
	sel.textContent = "";
	items.forEach(function (it) {
		var o = document.createElement("option");
		o.value = it[0];
		o.textContent = it[1];
		sel.appendChild(o);
	});
};
