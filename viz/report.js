// SPDX-License-Identifier: GPL-2.0
/*
 * The report page: reads the data block, says what the recording lacks,
 * fills the lruvec selector, draws the timeline, the eviction chart
 * (uPlot) and the small multiples, then the other pictures (each in its
 * own file), and keeps them on one time range.
 * window.LRG.state tells a test what was drawn.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

(function () {
	var data, big, multiples = [], evictPlot = null, current = -1;
	var kindNames = ["birth", "retire", "evict", "aging", "proactive"];
	var typeNames = ["anon", "file"];

	function $(id) { return document.getElementById(id); }

	function label(li) {
		var l = data.lruvecs[li];
		return l.path + "  node " + l.nid;
	}

	function say(list, text) {
		var li = document.createElement("li");
		li.textContent = text;
		list.appendChild(li);
	}

	// what the recording lacks, in words, above the pictures
	function missing() {
		var ul = document.createElement("ul"), n = data.lruvecs.length;
		var nev = data.event_counts.reduce(function (a, b) { return a + b; }, 0);
		if (data.plain)
			say(ul, "No lrugen snapshots: this is a plain trace-cmd recording. Page counts and ages are unknown; the lruvecs and generations come from the events alone, each generation drawn at the same height. Record with lrugen record for the pages.");
		if (!n)
			say(ul, "No lruvec in the recording: there is nothing to draw.");
		else if (n === 1)
			say(ul, "One lruvec only: the selector and the busiest list have nothing to compare.");
		if (data.t_ms.length === 1)
			say(ul, "One snapshot only: the timeline is a single column.");
		if (!nev)
			say(ul, "No lru_gen events: no aging, eviction or proactive marks.");
		if (data.events_unmatched)
			say(ul, data.events_unmatched + " events of lruvecs that no snapshot showed are not drawn.");
		if (data.notice && !data.plain)
			say(ul, data.notice);
		if (data.warning)
			say(ul, data.warning);
		if (ul.children.length) {
			$("missing").appendChild(ul);
			$("missing").hidden = false;
		}
	}

	function summary() {
		var nf = data.t_ms.length, c = data.event_counts, parts = [];
		$("title-file").textContent = data.file.replace(/^.*\//, "");
		parts.push(data.file);
		if (data.host)
			parts.push("recorded on " + data.host);
		if (data.start)
			parts.push("from " + data.start);
		parts.push((data.length_ms / 1000).toFixed(3) + " s");
		parts.push(nf + (data.plain ? " frames (one a second)" : " snapshots"));
		parts.push(data.lruvecs.length + " lruvecs");
		parts.push(kindNames.map(function (k, i) { return c[i] + " " + k; }).join(", ") + " events");
		$("summary").textContent = parts.join(" · ");
		$("schema").textContent = data.schema;
	}

	function legend() {
		var el = $("timeline-legend"), items = [];
		if (data.plain)
			items.push(["sw", LRG.COLORS.unknown, "a generation (pages unknown: all drawn the same height)"]);
		else {
			items.push(["sw", LRG.COLORS.anon, "anon pages"]);
			items.push(["sw", LRG.COLORS.file, "file pages (neighbouring generations alternate dark and light)"]);
		}
		LRG.LANES.forEach(function (l) { items.push(["mk", [l.color], l.long]); });
		items.forEach(function (it) {
			var s = document.createElement("span");
			it[1].forEach(function (color) {
				var sw = document.createElement("i");
				sw.className = it[0] === "mk" ? "mark" : "swatch";
				sw.style.background = color;
				s.appendChild(sw);
			});
			s.appendChild(document.createTextNode(it[2]));
			el.appendChild(s);
		});
	}

	// a picture's note: what it lacks, in its own section
	function note(id, text) {
		$(id).textContent = text;
		$(id).hidden = !text;
	}

	// the timeline's, the lruvec eviction chart's and the multiples' notes
	function notes() {
		var nf = data.t_ms.length, n = data.lruvecs.length;
		var t = "", e = "", m = "";
		if (!n && !nf)
			t = "Not drawn: no snapshots and no lru_gen events in this recording, so no lruvec and no generation. The timeline needs lrugen record's snapshots (or, for the generations alone, lru_gen events).";
		else if (!n)
			t = "Not drawn: the snapshots of this recording hold no lruvec (was lru_gen enabled?).";
		else if (data.plain)
			t = "No snapshots in this recording: the timeline needs lrugen record's snapshots for the pages and ages. Here the generations come from the lru_gen events alone, each drawn at the same height, in grey.";
		else if (nf === 1)
			t = "One snapshot only: each generation is a single column, held for one interval.";
		if (!data.event_counts[LRG.KIND.evict])
			e = "Nothing to draw: no lru_gen_evict event in this recording" +
				(data.plain || !n ? "." : " (it has snapshots only: lrugen record records the events too).");
		if (!n)
			m = "Nothing to draw: no lruvec in this recording.";
		else if (n === 1)
			m = "One lruvec only: it is the one above; there is nothing to compare it with.";
		else if (n > data.busiest.length)
			m = "The " + data.busiest.length + " busiest of " + n.toLocaleString("en-US") +
				" lruvecs; the search box above finds any other.";
		note("timeline-note", t);
		note("lruvec-evict-note", e);
		note("multiples-note", m);
		// an empty chart says nothing the note does not
		$("timeline-wrap").hidden = $("timeline-legend").hidden = !n;
		$("evict-chart").hidden = !!e;
	}

	/*
	 * The lruvec selector, with a search box for recordings of thousands:
	 * each word of the query must match; "node N" (or node=N, nid N) and
	 * "id N" (the memcg id) match exactly, any other word a part of the
	 * memcg path. At most MAX_LISTED matches are listed (the shown lruvec
	 * always is); Enter shows the first match.
	 */
	var MAX_LISTED = 500, order = [], keys = [];

	function parseQuery(q) {
		var words = q.toLowerCase().split(/\s+/).filter(Boolean), out = { nid: null, id: null, parts: [] }, k, m;
		for (k = 0; k < words.length; k++) {
			m = /^(node|nid|id)[:=]?(\d+)$/.exec(words[k]);
			if (m) {
				out[m[1] === "id" ? "id" : "nid"] = +m[2];
			} else if (/^(node|nid|id)$/.test(words[k]) && /^\d+$/.test(words[k + 1] || "")) {
				out[words[k] === "id" ? "id" : "nid"] = +words[k + 1];
				k++;
			} else {
				out.parts.push(words[k]);
			}
		}
		return out;
	}

	function matches(li, q) {
		var l = data.lruvecs[li], k;
		if (q.nid !== null && l.nid !== q.nid)
			return false;
		if (q.id !== null && l.memcg_id !== q.id)
			return false;
		for (k = 0; k < q.parts.length; k++)
			if (keys[li].indexOf(q.parts[k]) < 0)
				return false;
		return true;
	}

	function option(li, prefix) {
		var o = document.createElement("option"), l = data.lruvecs[li];
		o.value = li;
		o.textContent = (prefix || "") + label(li) + "  id " + l.memcg_id +
			(l.evicted ? "  (" + l.evicted + " pages evicted)" : "");
		return o;
	}

	// the options of the lruvecs that match the search box
	function filter() {
		var sel = $("lruvec-select"), q = parseQuery($("lruvec-search").value), frag = document.createDocumentFragment();
		var found = 0, first = -1, hasCurrent = false, k, n = order.length;
		for (k = 0; k < n; k++) {
			var li = order[k];
			if (!matches(li, q))
				continue;
			found++;
			if (first < 0)
				first = li;
			if (found <= MAX_LISTED || li === current) {
				frag.appendChild(option(li));
				hasCurrent = hasCurrent || li === current;
			}
		}
		if (!hasCurrent && current >= 0)
			frag.insertBefore(option(current, "(shown, no match) "), frag.firstChild);
		sel.textContent = "";
		sel.appendChild(frag);
		if (current >= 0)
			sel.value = current;
		var all = n.toLocaleString("en-US"), cut = found > MAX_LISTED;
		$("lruvec-count").textContent = !$("lruvec-search").value.trim() ?
			all + (n === 1 ? " lruvec" : " lruvecs") + (cut ? ", " + MAX_LISTED + " listed: type in the box to find the others" : "") :
			!found ? "no lruvec matches (of " + all + ")" :
			found.toLocaleString("en-US") + " of " + all + " match" + (cut ? ", " + MAX_LISTED + " listed" : "") +
				(first !== current ? "; Enter shows the first" : "");
		LRG.state.search = { query: $("lruvec-search").value, found: found, listed: sel.options.length, first: first };
		return first;
	}

	function selector() {
		var sel = $("lruvec-select"), box = $("lruvec-search"), k, timer = null;
		for (k = 0; k < data.lruvecs.length; k++) {
			order.push(k);
			keys.push(data.lruvecs[k].path.toLowerCase());
		}
		order.sort(function (a, b) {
			var x = data.lruvecs[a], y = data.lruvecs[b];
			return x.path < y.path ? -1 : x.path > y.path ? 1 : x.nid - y.nid;
		});
		sel.disabled = data.lruvecs.length < 2;
		box.disabled = data.lruvecs.length < 2;
		sel.addEventListener("change", function () {
			if (sel.value !== "")
				select(+sel.value);
		});
		// filter as the user types, once the typing pauses on a large list
		box.addEventListener("input", function () {
			clearTimeout(timer);
			timer = setTimeout(filter, order.length > 2000 ? 120 : 0);
		});
		box.addEventListener("keydown", function (ev) {
			if (ev.key !== "Enter")
				return;
			clearTimeout(timer);
			var first = filter();
			if (first >= 0)
				select(first);
		});
	}

	// pages evicted per interval between frames, for the uPlot chart
	function evictSeries(li) {
		var t = data.t_ms, nf = t.length, ev = data.events, x = [], s = [[], []], f = 0, k;
		for (k = 0; k < nf; k++) {
			x.push(t[k] / 1000);
			s[0].push(0);
			s[1].push(0);
		}
		var mine = LRG.eventsByLruvec(data)[li] || [];
		for (var j = 0; j < mine.length; j++) {
			k = mine[j];
			if (ev.kind[k] !== LRG.KIND.evict)
				continue;
			var ms = ev.t_us[k] / 1000;
			while (f < nf - 1 && t[f] < ms)
				f++;
			s[ev.arg[k] ? 1 : 0][f] += ev.c[k];
		}
		return [x, s[0], s[1]];
	}

	function makeEvictPlot() {
		var el = $("evict-chart"), r = LRG.time.get();
		var opts = {
			width: el.clientWidth || 800,
			height: 180,
			scales: { x: { time: false, min: r[0] / 1000, max: r[1] / 1000 } },
			axes: [
				{ label: "time since the first snapshot (s)" },
				{ label: "pages evicted", size: 60 }
			],
			series: [
				{ label: "time (s)", value: function (u, v) { return v == null ? "-" : v.toFixed(3); } },
				{ label: "anon", stroke: LRG.COLORS.anon[0], fill: "rgba(221,107,32,0.15)",
				  paths: uPlot.paths.stepped({ align: -1 }) },
				{ label: "file", stroke: LRG.COLORS.file[0], fill: "rgba(43,108,176,0.15)",
				  paths: uPlot.paths.stepped({ align: -1 }) }
			],
			cursor: { drag: { x: true, y: false, setScale: false } },
			hooks: { setSelect: [LRG.selectToRange] }
		};
		evictPlot = new uPlot(opts, evictSeries(current), el);
		evictPlot.over.addEventListener("dblclick", function () { LRG.time.reset(); });
	}

	function drawAll() {
		var r = LRG.time.get();
		var st = big.draw(data, current, r);
		var c = $("timeline-canvas");
		// the canvases first, the page's text after: a canvas's size read
		// after a change of text would make the browser lay out the page
		multiples.forEach(function (m) { m.update(); });
		c.dataset.lruvec = current;
		c.dataset.bands = st.bands;
		c.dataset.cells = st.cells;
		LRG.state.drawn = st;
		LRG.state.range = r;
		$("range-text").textContent = LRG.fmtTime(r[0]) + " to " + LRG.fmtTime(r[1]);
		$("zoom-reset").disabled = LRG.time.isFull();
	}

	function select(li) {
		if (!(li >= 0 && li < data.lruvecs.length))
			li = -1;
		current = li;
		LRG.state.lruvec = li;
		LRG.state.lruvecPath = li >= 0 ? data.lruvecs[li].path : null;
		LRG.state.lruvecNid = li >= 0 ? data.lruvecs[li].nid : null;
		filter();
		multiples.forEach(function (m) { m.el.classList.toggle("selected", m.li === li); });
		if (evictPlot)
			evictPlot.setData(evictSeries(li), false);
		drawAll();
		if (LRG.heatmap && LRG.heatmap.follow)
			LRG.heatmap.follow();
	}
	LRG.select = select;

	function multiplesInit() {
		var box = $("multiples");
		data.busiest.forEach(function (li) {
			var c = document.createElement("canvas");
			c.className = "multiple";
			c.title = label(li) + ": " + data.lruvecs[li].evicted + " pages evicted; click to show it above";
			c.addEventListener("click", function () { select(li); });
			box.appendChild(c);
			var m = { li: li, el: c, tl: new LRG.Timeline(c, { small: true }) };
			// off screen, a multiple's zoom window is shaded when it shows
			m.update = LRG.whenSeen(c, function () { m.tl.draw(data, li, LRG.time.full(), LRG.time.get()); });
			multiples.push(m);
		});
	}

	function tip(html, x, y) {
		var t = $("tooltip"), wrap = $("timeline-wrap");
		t.innerHTML = html;
		t.hidden = false;
		var left = x + 14, top = y + 14;
		if (left + t.offsetWidth > wrap.clientWidth)
			left = x - t.offsetWidth - 14;
		t.style.left = Math.max(0, left) + "px";
		t.style.top = top + "px";
	}

	function esc(s) {
		return String(s).replace(/[&<>]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;" }[c]; });
	}

	function describeEvent(e) {
		var ev = data.events, k = ev.kind[e], a = ev.a[e], b = ev.b[e], c = ev.c[e], arg = ev.arg[e];
		var s = "<b>" + LRG.fmtTime(ev.t_us[e] / 1000) + "</b> ";
		switch (k) {
		case LRG.KIND.birth: return s + "birth of generation " + a + " (min_seq anon " + b + ", file " + c + ")";
		case LRG.KIND.retire: return s + "retirement (" + typeNames[arg] + "): min_seq " + a + " → " + b + ", age " + c + " ms";
		case LRG.KIND.evict:
			if (ev.count && ev.count[e] > 1)
				return s + ev.count[e] + " evictions (" + typeNames[arg] + ") from generation " + a +
					" on, merged over " + data.ev_step + (data.ev_step > 1 ? " snapshots" : " snapshot") +
					": " + b + " pages scanned, " + c + " reclaimed";
			return s + "eviction from generation " + a + " (" + typeNames[arg] + "): " + b + " pages scanned, " + c + " reclaimed";
		case LRG.KIND.aging: return s + "aging walk ended at max_seq " + a + ": " + b + " pages scanned, " + c + " young" + (arg ? ", new generation" : "");
		case LRG.KIND.proactive: return s + "proactive request: " + a + " pages requested, " + b + " reclaimed" + (arg ? " (error " + arg + ")" : "");
		}
		return s;
	}

	function hover(ev) {
		var c = $("timeline-canvas"), rect = c.getBoundingClientRect();
		var x = ev.clientX - rect.left, y = ev.clientY - rect.top, h = big.hit(x, y);
		if (!h || (!h.mark && h.mark !== 0 && !h.col)) {
			$("tooltip").hidden = true;
			return;
		}
		if (h.mark !== undefined) {
			tip(describeEvent(h.mark), x, y);
			return;
		}
		var f = h.col.f, b = data.lruvecs[current].bands, lines = [];
		lines.push("<b>" + LRG.fmtTime(data.t_ms[f]) + "</b>, " + (data.plain ? "frame " : "snapshot ") + (f + 1) + " of " + data.t_ms.length);
		lines.push(esc(label(current)) + ": " + h.col.stack.length + " generations" +
			   (data.plain ? "" : ", " + LRG.fmtPages(h.col.total)));
		if (h.band) {
			var bi = h.band.bi, born = b.born_ms[bi];
			lines.push("<b>generation " + b.seq[bi] + "</b>" +
				   (born === null ? "" : ", born " + LRG.fmtTime(born) + ", age " + ((data.t_ms[f] - born) / 1000).toFixed(3) + " s"));
			if (!data.plain) {
				lines.push("anon " + LRG.fmtPages(h.band.anon));
				lines.push("file " + LRG.fmtPages(h.band.file));
			}
			var ra = b.retired_anon_us[bi], rf = b.retired_file_us[bi];
			if (ra !== null || rf !== null)
				lines.push("retired: anon " + (ra === null ? "-" : LRG.fmtTime(ra / 1000)) +
					   ", file " + (rf === null ? "-" : LRG.fmtTime(rf / 1000)));
		}
		tip(lines.join("<br>"), x, y);
	}

	function interact() {
		var c = $("timeline-canvas"), drag = null;
		c.addEventListener("mousemove", function (ev) {
			if (drag) {
				var L = big.layout(), r = LRG.time.get();
				var dt = (drag.x - ev.clientX) / (L.w - L.left - L.right) * (r[1] - r[0]);
				drag.x = ev.clientX;
				LRG.time.pan(dt, big);
				return;
			}
			hover(ev);
		});
		c.addEventListener("mouseleave", function () { $("tooltip").hidden = true; drag = null; });
		c.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX }; $("tooltip").hidden = true; });
		window.addEventListener("mouseup", function () { drag = null; });
		c.addEventListener("dblclick", function () { LRG.time.reset(big); });
		c.addEventListener("wheel", function (ev) {
			var L = big.layout(), r = LRG.time.get(), rect = c.getBoundingClientRect();
			var fx = (ev.clientX - rect.left - L.left) / (L.w - L.left - L.right);
			ev.preventDefault();
			LRG.time.zoom(r[0] + Math.max(0, Math.min(1, fx)) * (r[1] - r[0]), ev.deltaY < 0 ? 0.8 : 1.25, big);
		}, { passive: false });
		$("zoom-reset").addEventListener("click", function () { LRG.time.reset(); });
		window.addEventListener("resize", function () {
			if (evictPlot)
				evictPlot.setSize({ width: $("evict-chart").clientWidth || 800, height: 180 });
			LRG.resizePlots();
			drawAll();
		});
	}

	function main() {
		var t0 = performance.now();
		data = JSON.parse($("lrugen-data").textContent);
		LRG.decode(data);
		// a block without the later pictures' fields (one written by hand,
		// for a test) draws them empty
		var noSpans = { begin_us: [], end_us: [], reclaimed: [], pid: [], comm: [], nid: [],
				memcg_id: [], lruvec: [], requested: [], swappiness: [], flags: [], ret: [],
				order: [] };
		data.nodes = data.nodes || [];
		data.proactive = data.proactive || noSpans;
		data.direct = data.direct || noSpans;
		LRG.data = data;
		LRG.state = { ready: false, lruvecCount: data.lruvecs.length, lruvec: -1, drawn: null,
			      startMs: Math.round(t0), parseMs: Math.round(performance.now() - t0) };
		var t = data.t_ms, end = Math.max(data.length_ms, t.length ? t[t.length - 1] : 0);
		if (t.length > 1)
			end = Math.max(end, t[t.length - 1] + (t[t.length - 1] - t[0]) / (t.length - 1));
		else
			end = Math.max(end, 1000);
		LRG.time.init(t.length ? t[0] : 0, end);
		summary();
		missing();
		legend();
		notes();
		selector();
		big = new LRG.Timeline($("timeline-canvas"));
		multiplesInit();
		current = data.busiest.length ? data.busiest[0] : -1;
		makeEvictPlot();
		LRG.time.on(function (r, src) {
			if (evictPlot && src !== evictPlot)
				evictPlot.setScale("x", { min: r[0] / 1000, max: r[1] / 1000 });
			drawAll();
		});
		interact();
		select(current);
		// for bench/report: the timeline is on the page
		performance.mark("lrugen-timeline-drawn");
		LRG.heatmap = LRG.heatmapInit(data);
		LRG.evictionsInit(data);
		LRG.proactiveInit(data);
		LRG.kswapdInit(data);
		LRG.state.renderMs = Math.round(performance.now());
		LRG.state.ready = true;
		// every picture drawn and listening: the page is interactive
		performance.mark("lrugen-ready");
	}

	try {
		main();
	} catch (e) {
		var p = document.createElement("p");
		p.className = "error";
		p.textContent = "The report could not be drawn: " + e + ". Please report this with the recording.";
		document.body.insertBefore(p, document.body.firstChild);
		console.error("lrugen report: " + (e && e.stack ? e.stack : e));
	}
})();
