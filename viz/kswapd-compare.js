// SPDX-License-Identifier: GPL-2.0
/*
 * bench/kswapd-compare/report's page: reads the data block, says what the
 * runs lack, draws one SVG panel per figure (every run a dot, per mode the
 * range and the median, the change with its interval, whether it is
 * beyond the noise and the runs a given precision needs), the chosen
 * figure run by run (uPlot), the
 * per-instance table, the flat profile and a flame graph per mode
 * (flamegraph.js). window.KC.state tells a test what was drawn.
 */
"use strict";
var KC = window.KC || {};
window.KC = KC;

(function () {
	var SVG = "http://www.w3.org/2000/svg";
	var MODES = ["classic", "mglru"];
	var COLOUR = { classic: "#2b6cb0", mglru: "#dd6b20" };
	var data, tip, orderPlot = null, flames = {};

	KC.state = { ready: false, dots: {}, figure: null };

	function $(id) { return document.getElementById(id); }

	function el(tag, attrs, parent) {
		var e = document.createElementNS(SVG, tag);
		Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
		if (parent)
			parent.appendChild(e);
		return e;
	}

	function html(tag, text, parent, cls) {
		var e = document.createElement(tag);
		if (text !== undefined && text !== null)
			e.textContent = text;
		if (cls)
			e.className = cls;
		if (parent)
			parent.appendChild(e);
		return e;
	}

	// the report's Python format ("{:.2f}") as a number of decimals
	function decimals(f) {
		var m = /\.(\d+)f/.exec(f.format || "");
		return m ? Number(m[1]) : 2;
	}

	function fmt(v, d) {
		return v === null || v === undefined ? "-" : Number(v).toFixed(d);
	}

	function compact(v) {
		var a = Math.abs(v);
		if (a >= 1e6)
			return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M";
		if (a >= 1e4)
			return (v / 1e3).toFixed(0) + "k";
		if (a >= 100 || v === Math.round(v))
			return v.toFixed(0);
		return v.toFixed(a >= 10 ? 1 : 2);
	}

	function showTip(ev, text) { FlameGraph.showTip(tip, ev, text); }

	function hideTip() { tip.hidden = true; }

	function hover(e, text) {
		e.addEventListener("mousemove", function (ev) { showTip(ev, text); });
		e.addEventListener("mouseleave", hideTip);
	}

	function runsOf(mode) {
		return data.runs.filter(function (r) { return r.mode === mode; }).map(function (r) { return r.run; });
	}

	function missing() {
		var ul = html("ul"), counts = {};
		function say(t) { html("li", t, ul); }
		MODES.forEach(function (m) { counts[m] = runsOf(m).length; });
		if (counts.classic < 2 || counts.mglru < 2)
			say("One run in a mode: its dot is its median and there is no range and no 95% interval; run with --repeats 3 or more to tell a difference from noise.");
		MODES.forEach(function (m) {
			var f = data.flame[m], name = data.modes[m];
			if (f.missing.length && !f.runs.length)
				say("No call graphs for " + name + ": its runs (" + f.missing.join(", ") + ") have no kswapd.folded, so they were recorded before the guest kept call graphs, or perf script failed (see each run's perf-script.log). The flat profile still holds; run the comparison again for the flame graph.");
			else if (f.missing.length)
				say("The " + name + " flame graph leaves out " + f.missing.join(", ") + ", which have no kswapd.folded; the flat profile counts every run.");
			else if (!f.samples)
				say("kswapd took no samples in the " + name + " runs: it did not run, so there was little memory pressure, or perf could not sample it (see perf-record.log).");
			else if (!f.chains)
				say("The " + name + " samples carry no call chains, only the function sampled: the flame graph is one row deep (was perf record run without -g?).");
		});
		// perf samples at 999 Hz against kswapd's CPU time: under TCG
		// perf can miss much of it, and then a run weighs little in the
		// pooled profile
		var thin = data.runs.filter(function (r) {
			return r.kswapd_cpu_s > 0.2 && r.perf_samples < 0.1 * 999 * r.kswapd_cpu_s;
		});
		if (thin.length)
			say("perf sampled little of kswapd's CPU time in " + thin.map(function (r) {
				return r.run + " (" + r.perf_samples + " samples for " + r.kswapd_cpu_s.toFixed(2) + " s, " +
					Math.round(100 * r.perf_samples / 999 / r.kswapd_cpu_s) + "% of 999 Hz)";
			}).join(", ") + ": the profile there is thin, and that run weighs little in its mode's pooled profile.");
		if (!data.same_sequence)
			say("The workload's checksums differ between runs: the runs did not make the same accesses.");
		if (data.trace_lost.length)
			say("The trace ring buffer lost direct reclaim events in " + data.trace_lost.join(", ") + ": the latency figures undercount there.");
		// figures no run has (older runs, or a workload without them)
		var whys = {};
		(data.absent || []).forEach(function (a) { (whys[a.why] = whys[a.why] || []).push(a.label); });
		Object.keys(whys).forEach(function (w) { say("Not in these runs: " + whys[w].join(", ") + ": " + w + "."); });
		if (ul.children.length) {
			$("missing").appendChild(ul);
			$("missing").hidden = false;
		}
	}

	function summary() {
		var s = data.setup, n = {};
		MODES.forEach(function (m) { n[m] = runsOf(m).length; });
		$("title-workload").textContent = "workload " + s.workload;
		$("summary").textContent = "workload '" + s.workload + "' (" + (s.size_pct || "?") + "% of RAM, " +
			(s.accesses || "?") + " accesses, seed " + (s.seed || "?") + "), " + n.classic + " classic LRU + " +
			n.mglru + " MGLRU runs; " + data.guest + (s.zram_bytes ? ", zram " + (Number(s.zram_bytes) / 1048576) +
			" MiB " + (s.zram_alg || "") : "") + (s.date ? "; " + s.date : "") + (s.commit ? ", commit " + s.commit : "") +
			(s.accel === "tcg" ? ". TCG: the CPU is emulated; compare the modes with each other, not with real machines." : "") +
			((data.setup_lines || []).length ? " " + data.setup_lines.join("; ") + "." : "");
		statistics();
	}

	function pct(r) {
		return r === null || r === undefined ? "-" : ((r >= 1 ? "+" : "") + ((r - 1) * 100).toFixed(0) + "%");
	}

	function runs(n) {
		var st = data.statistics || {};
		return n === null || n === undefined ? "-" : n > (st.max_runs || 1000) ? ">" + (st.max_runs || 1000) : String(n);
	}

	function ratio(x) {
		if (x === null || x === undefined)
			return "-";
		var a = Math.abs(x);
		return a >= 1e4 ? x.toExponential(0) : x.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2);
	}

	// the changes beyond the noise, and how to read the intervals
	function statistics() {
		var st = data.statistics || {}, box = $("stats"), sig = [];
		if (!box || !st.level)
			return;
		data.figures.forEach(function (f) {
			if (f.verdict)
				sig.push(f);
		});
		var p = html("p", null, box);
		if (!sig.length) {
			p.textContent = "No difference beyond the noise of these runs: every " + Math.round(st.level * 100) +
				"% interval holds 1 (or there is none).";
		} else {
			p.textContent = "Beyond the noise of these runs (the " + Math.round(st.level * 100) + "% interval leaves out 1): ";
			sig.forEach(function (f, i) {
				if (i)
					p.appendChild(document.createTextNode(", "));
				html("span", f.verdict, p, "badge " + f.verdict);
				p.appendChild(document.createTextNode(f.label + " " + pct(f.ratio) + " [" + pct(f.ratio_ci[0]) + ", " +
					pct(f.ratio_ci[1]) + "]"));
			});
			p.appendChild(document.createTextNode("."));
		}
		KC.state.significant = sig.map(function (f) { return f.key; });
		seed(box);
	}

	function signed(x) {
		if (x === null || x === undefined)
			return "-";
		return Math.abs(x) >= 1e4 ? (x > 0 ? "+" : "") + x.toExponential(0) + "%" : (x >= 0 ? "+" : "") + x.toFixed(0) + "%";
	}

	// the cover letters' results next to ours, and issue 17's targets
	function seed(box) {
		if (!(data.seed || []).length)
			return;
		html("h3", "Against the cover letters", box);
		var t = html("table", null, box, "kc-table seed"), tr = html("tr", null, t);
		["cover letter", "published", "ours, MGLRU against classic", "its 95% interval", "direction"].forEach(function (h) { html("th", h, tr); });
		data.seed.forEach(function (r) {
			var row = html("tr", null, t), p = r.published_pct;
			row.dataset.figure = r.figure;
			html("td", r.what, row, "sym");
			html("td", p[0] === p[1] ? signed(p[0]) : "[" + signed(p[0]) + ", " + signed(p[1]) + "]", row);
			html("td", signed(r.change_pct), row);
			html("td", r.ci_pct ? "[" + signed(r.ci_pct[0]) + ", " + signed(r.ci_pct[1]) + "]" : "-", row);
			html("td", r.direction, row, "dir " + r.direction.split(",")[0].replace(/ /g, "-"));
		});
		if (!(data.targets || []).length)
			return;
		html("h3", "Issue 17's targets for the shared-mapping workload", box);
		t = html("table", null, box, "kc-table targets");
		data.targets.forEach(function (g) {
			var row = html("tr", null, t), v = g.value;
			html("td", g.target, row, "sym");
			html("td", v === null ? "-" : g.target.indexOf("at least") >= 0 ? v.toFixed(1) + "%" :
				"ratio " + v.toFixed(2) + (g.ci ? " [" + g.ci[0].toFixed(2) + ", " + g.ci[1].toFixed(2) + "]" : ""), row);
			html("td", g.met ? (g.met_by_interval === false ? "met by the estimate, not by its interval" : "met") : "not met", row,
			     g.met ? "dir reproduced" : "dir opposite");
		});
	}

	// one panel: dots, range and median per mode
	function panel(f, grid) {
		var d = decimals(f), div = html("div", null, grid, "kc-panel");
		div.dataset.figure = f.key;
		var unit = f.unit && f.unit !== "count" && f.unit !== "pages" ? " (" + f.unit + ")" : f.unit ? " (" + f.unit + ")" : "";
		html("h4", f.label + unit, div);
		var stat = html("p", null, div, "stat");
		var ci = f.ratio_ci, ch = f.change || {}, st = data.statistics || {};
		if (f.verdict)
			html("span", f.verdict, stat, "badge " + f.verdict);
		stat.appendChild(document.createTextNode(
			"ratio " + ratio(f.ratio) + ", " + Math.round(data.level * 100) + "% CI " +
			(ci ? "[" + ratio(ci[0]) + ", " + ratio(ci[1]) + "]" : "-") + ", change " +
			(f.change_pct === null ? "-" : (f.change_pct >= 0 ? "+" : "") + f.change_pct.toFixed(0) + "%") +
			(f.better ? "; " + f.better : "")));
		var how = html("p", null, div, "stat how");
		if (ci)
			how.textContent = (ch.method === "fieller" ? "ratio of means, Fieller" : "ratio of geometric means, Welch t on logs") +
				"; runs a mode: " + runs(ch.runs_detect) + " to detect " + st.change_pct + "%, " + runs(ch.runs_half_width) +
				" for \u00b1" + st.half_width_pct + "%";
		else
			how.textContent = ch.why ? "no interval: " + ch.why : "";
		div.dataset.verdict = f.verdict || "";
		var W = 300, H = 130, top = 8, bottom = 22, left = 46;
		var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img" }, div);
		var vals = [];
		MODES.forEach(function (m) { f[m].values.forEach(function (v) { if (v !== null) vals.push(v); }); });
		var hi = vals.length ? Math.max.apply(null, vals) : 1, lo = Math.min(0, vals.length ? Math.min.apply(null, vals) : 0);
		if (hi <= lo)
			hi = lo + 1;
		// round ticks: 1, 2 or 5 times a power of ten, three or four of them
		var raw = (hi - lo) / 3, p10 = Math.pow(10, Math.floor(Math.log10(raw))), step = p10;
		[2, 5, 10].forEach(function (k) { if (step < raw) step = k * p10; });
		var ticks = [];
		for (var tv = Math.floor(lo / step) * step; tv <= hi + step * 1e-9; tv += step)
			ticks.push(tv);
		if (ticks[ticks.length - 1] < hi * 1.04)
			ticks.push(ticks[ticks.length - 1] + step);
		lo = ticks[0];
		hi = ticks[ticks.length - 1];
		function y(v) { return top + (H - top - bottom) * (1 - (v - lo) / (hi - lo)); }
		ticks.forEach(function (v) {
			el("line", { x1: left, x2: W - 6, y1: y(v), y2: y(v), stroke: "#edf2f7" }, svg);
			el("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end", "font-size": 10, fill: "#4a5568" }, svg).textContent = compact(v);
		});
		el("line", { x1: left, x2: left, y1: top, y2: H - bottom, stroke: "#a0aec0" }, svg);
		KC.state.dots[f.key] = {};
		MODES.forEach(function (m, mi) {
			var cx = left + (W - left) * (mi === 0 ? 0.3 : 0.72), s = f[m], runs = runsOf(m);
			el("text", { x: cx, y: H - 6, "text-anchor": "middle", "font-size": 11, fill: COLOUR[m] }, svg).textContent = data.modes[m];
			var n = 0;
			if (s.n) {
				var range = el("rect", { x: cx - 3, y: y(s.max), width: 6, height: Math.max(1, y(s.min) - y(s.max)),
							 fill: "#cbd5e0", "class": "range", "data-mode": m }, svg);
				var med = el("line", { x1: cx - 20, x2: cx + 20, y1: y(s.median), y2: y(s.median), stroke: "#1a202c",
						       "stroke-width": 2.5, "class": "median", "data-mode": m }, svg);
				var what = data.modes[m] + ": median " + fmt(s.median, d) + (s.n > 1 ? ", range " + fmt(s.min, d) + ".." +
					fmt(s.max, d) : "") + " over " + s.n + " run" + (s.n > 1 ? "s" : "");
				hover(range, what);
				hover(med, what);
				var step = s.values.length > 1 ? Math.min(9, 26 / (s.values.length - 1)) : 0;
				s.values.forEach(function (v, i) {
					if (v === null)
						return;
					var dot = el("circle", { cx: cx + (i - (s.values.length - 1) / 2) * step, cy: y(v), r: 4.5,
								 fill: COLOUR[m], stroke: "#fff", "stroke-width": 1, "fill-opacity": 0.85,
								 "class": "run", "data-mode": m, "data-run": runs[i] || "", "data-value": v }, svg);
					hover(dot, (runs[i] || "run " + (i + 1)) + " (" + data.modes[m] + "): " + fmt(v, d) +
					      (f.unit ? " " + f.unit : ""));
					n++;
				});
			}
			var none = s.values.length - n;
			if (none)
				stat.appendChild(document.createTextNode("; " + data.modes[m] + ": no value in " + none + " run" +
					(none > 1 ? "s" : "")));
			KC.state.dots[f.key][m] = n;
		});
		div.addEventListener("click", function () { choose(f.key); });
	}

	// the chosen figure in run order, with uPlot
	function choose(key) {
		var f = data.figures.filter(function (x) { return x.key === key; })[0];
		if (!f)
			return;
		KC.state.figure = key;
		document.querySelectorAll(".kc-panel").forEach(function (p) { p.classList.toggle("selected", p.dataset.figure === key); });
		$("order-title").textContent = f.label + (f.unit ? " (" + f.unit + ")" : "");
		var xs = [], cols = { classic: [], mglru: [] }, idx = { classic: 0, mglru: 0 };
		data.runs.forEach(function (r, i) {
			xs.push(i + 1);
			MODES.forEach(function (m) {
				var v = r.mode === m ? f[m].values[idx[m]] : null;
				cols[m].push(v === undefined ? null : v);
			});
			idx[r.mode]++;
		});
		var d = decimals(f), wrap = $("order-chart");
		var opts = {
			width: Math.max(300, wrap.clientWidth || 800),
			height: 220,
			scales: { x: { time: false } },
			axes: [{ label: "run (in the order made)", values: function (u, v) { return v.map(function (x) { return x === Math.round(x) ? x : ""; }); } },
			       { label: f.unit || f.label, size: 70, values: function (u, v) { return v.map(compact); } }],
			series: [{ label: "run", value: function (u, v) { return v === null ? "-" : (data.runs[v - 1] || {}).run || v; } }].concat(MODES.map(function (m) {
				return { label: data.modes[m], stroke: COLOUR[m], width: 1, spanGaps: true,
					 points: { show: true, size: 9, fill: COLOUR[m] },
					 value: function (u, v) { return v === null ? "-" : fmt(v, d); } };
			})),
		};
		var series = [xs, cols.classic, cols.mglru];
		if (orderPlot)
			orderPlot.destroy();
		orderPlot = new uPlot(opts, series, wrap);
	}

	function instances() {
		if (!data.instances || data.instances.length < 2)
			return;
		var keys = [["accesses_per_s", "accesses/s", 0], ["pgscan", "pgscan", 0], ["pgsteal", "pgsteal", 0],
			    ["refault_anon", "refault anon", 0], ["refault_file", "refault file", 0], ["psi_full_pct", "PSI full %", 2]];
		var t = html("table", null, $("instances"), "kc-table"), tr = html("tr", null, t);
		html("th", "instance", tr);
		keys.forEach(function (k) { html("th", k[1] + " (classic / MGLRU)", tr); });
		html("th", "command", tr);
		data.instances.forEach(function (inst) {
			var row = html("tr", null, t);
			html("td", inst.instance, row);
			keys.forEach(function (k) {
				var v = inst[k[0]] || {};
				html("td", fmt((v.classic || {}).median, k[2]) + " / " + fmt((v.mglru || {}).median, k[2]), row);
			});
			html("td", inst.command, row, "sym");
		});
		$("instances-section").hidden = false;
	}

	function flatProfile() {
		var t = html("table", null, $("flat-profile"), "kc-table"), tr = html("tr", null, t);
		MODES.forEach(function (m) {
			var th = html("th", data.modes[m] + " (" + data.perf[m].samples + " samples)", tr);
			th.colSpan = 2;
		});
		var n = Math.max(data.perf.classic.top.length, data.perf.mglru.top.length);
		for (var i = 0; i < n; i++) {
			var row = html("tr", null, t);
			MODES.forEach(function (m) {
				var e = data.perf[m].top[i];
				html("td", e ? e.percent.toFixed(2) + "%" : "", row, "pct");
				var td = html("td", e ? e.symbol : "", row, "sym");
				td.dataset.symbol = e ? e.symbol : "";
			});
		}
	}

	function flameGraphs() {
		MODES.forEach(function (m) {
			var f = data.flame[m], box = html("div", null, $("flames"), "flame");
			box.dataset.mode = m;
			html("h4", data.modes[m] + ": " + f.samples + " samples" + (f.runs.length ? " from " + f.runs.join(", ") : ""), box);
			var note = html("p", null, box, "note");
			if (!f.runs.length)
				note.textContent = "No call graphs in these runs (no kswapd.folded): nothing to draw. See the note at the top.";
			else if (!f.samples)
				note.textContent = "kswapd took no samples in these runs: nothing to draw.";
			else
				note.textContent = "The bottom row is all of this mode's samples; above it the kswapd threads, then their call chains.";
			var c = html("canvas", null, box);
			c.id = "flame-" + m;
			flames[m] = new FlameGraph(c, f.stacks, { tooltip: tip, name: data.modes[m] });
		});
	}

	// the search box: highlight in both graphs and the table, give shares
	KC.search = function (q) {
		var parts = [], res = {};
		MODES.forEach(function (m) {
			res[m] = flames[m].search(q);
			if (q)
				parts.push(data.modes[m] + " " + FlameGraph.fmtPct(res[m].share) + " (" + res[m].samples + " samples)");
		});
		$("flame-match").textContent = q ? "'" + q + "' on the stack: " + parts.join(", ") : "";
		var lq = (q || "").toLowerCase();
		document.querySelectorAll("#flat-profile td.sym").forEach(function (td) {
			var on = !!lq && !!td.dataset.symbol && td.dataset.symbol.toLowerCase().indexOf(lq) >= 0;
			td.classList.toggle("hit", on);
			td.previousSibling.classList.toggle("hit", on);
		});
		KC.state.search = res;
		return res;
	};

	function main() {
		var t0 = performance.now();
		tip = $("kc-tooltip");
		try {
			data = JSON.parse($("kc-data").textContent);
		} catch (e) {
			html("p", "The report's data cannot be read (" + e.message + "): make the page again with bench/kswapd-compare/report DIR.", document.body, "error");
			return;
		}
		summary();
		missing();
		var grid = $("figures");
		data.figures.forEach(function (f) { panel(f, grid); });
		instances();
		flatProfile();
		flameGraphs();
		choose(data.figures.length ? data.figures[0].key : null);
		$("flame-search").addEventListener("input", function (ev) { KC.search(ev.target.value.trim()); });
		document.querySelectorAll("#flame-presets button").forEach(function (b) {
			b.addEventListener("click", function () {
				$("flame-search").value = b.dataset.q;
				KC.search(b.dataset.q);
			});
		});
		$("flame-reset").addEventListener("click", function () { MODES.forEach(function (m) { flames[m].zoom(null); }); });
		KC.flames = flames;
		KC.state.renderMs = Math.round(performance.now() - t0);
		KC.state.ready = true;
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", main);
	else
		main();
})();
