// SPDX-License-Identifier: GPL-2.0
/*
 * Evictions and refaults of one node over time (uPlot): by type, pages
 * evicted (lru_gen_evict events) and refaulted (the node's
 * workingset_refault counters, the snapshots' N lines) in each interval
 * between snapshots; and by tier, what the tier counters of lru_gen_full
 * say was evicted and refaulted (a lower bound: they start from 0 when a
 * generation retires). LRG.state.evictions says what is drawn.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

LRG.TIER_COLORS = ["#2f855a", "#b7791f", "#c53030", "#6b46c1"];

LRG.evictionsInit = function (data) {
	var $ = function (id) { return document.getElementById(id); };
	var nodes = data.nodes || [], t = data.t_ms, nf = t.length, byType = null, byTier = null;
	var x = t.map(function (v) { return v / 1000; });
	var note = [];

	function node(i) { return nodes[i] || null; }
	// the series by type: evicted anon, file; refaulted anon, file
	function typeData(n) {
		return [x, n.evict_anon, n.evict_file, n.refault_anon, n.refault_file];
	}
	// by tier, of one type: evicted tiers 0-3, refaulted tiers 0-3
	function tierData(n, type) {
		var s = [], k, i;
		for (k = 0; k < 8; k++)
			s.push(new Array(nf).fill(data.plain ? null : 0));
		for (i = 0; i < n.tiers.f.length; i++) {
			if (n.tiers.type[i] !== type)
				continue;
			s[n.tiers.tier[i]][n.tiers.f[i]] += n.tiers.evicted[i];
			s[4 + n.tiers.tier[i]][n.tiers.f[i]] += n.tiers.refaulted[i];
		}
		return [x].concat(s);
	}
	var stepped = uPlot.paths.stepped({ align: -1 });
	function sum(a) { return a.reduce(function (p, v) { return p + (v || 0); }, 0); }
	function state() {
		var n = node(+$("evict-node").value), td = byType ? byType.data : [], rd = byTier ? byTier.data : [];
		LRG.state.evictions = {
			nid: n ? n.nid : null, type: $("evict-type").value,
			by_type: { series: td.length - 1, points: td.length ? td[0].length : 0,
				   labels: byType ? byType.series.slice(1).map(function (s) { return s.label; }) : [],
				   sums: td.slice(1).map(sum), data: td.slice(1) },
			by_tier: { series: rd.length - 1, points: rd.length ? rd[0].length : 0,
				   sums: rd.slice(1).map(sum) }
		};
	}
	function update() {
		var n = node(+$("evict-node").value);
		if (!n)
			return;
		byType.setData(typeData(n), false);
		byTier.setData(tierData(n, $("evict-type").value === "file" ? 1 : 0), false);
		state();
	}

	LRG.fillSelect($("evict-node"), nodes.map(function (n, i) { return [i, "node " + n.nid]; }));
	if (!nodes.length) {
		$("evict-note").textContent = "Not drawn: no node in this recording (no snapshots with N lines, no lru_gen_evict event). Evictions come from lru_gen_evict events, refaults and tiers from lrugen record's snapshots.";
		$("evict-note").hidden = false;
		$("evict-charts").hidden = true;
		LRG.state.evictions = { nid: null, by_type: { series: 0, points: 0 }, by_tier: { series: 0, points: 0 } };
		return;
	}
	// the node that evicted most comes first
	var best = 0;
	nodes.forEach(function (n, i) {
		if (sum(n.evict_anon) + sum(n.evict_file) > sum(nodes[best].evict_anon) + sum(nodes[best].evict_file))
			best = i;
	});
	$("evict-node").value = best;
	if (data.plain)
		note.push("A plain recording has no snapshots: the refaults (the nodes' workingset_refault counters) and the tier counters are unknown; only the evictions, from the lru_gen_evict events, are drawn.");
	if (!data.event_counts[LRG.KIND.evict])
		note.push("No lru_gen_evict event in the recording: no evictions by type.");
	if (note.length) {
		$("evict-note").textContent = note.join(" ");
		$("evict-note").hidden = false;
	}
	var fmt = function (u, v) { return v == null ? "-" : v.toLocaleString("en-US"); };
	// refaults are often far fewer than evictions: their own scale, on the right
	var axes = [{ label: "evicted pages", size: 64 },
		    { label: "refaulted pages", scale: "r", side: 1, size: 64, grid: { show: false } }];
	byType = LRG.timePlot($("evict-by-type"), {
		height: 240, axes: axes,
		series: [
			{ label: "evicted anon", stroke: LRG.COLORS.anon[0], width: 2, paths: stepped, value: fmt },
			{ label: "evicted file", stroke: LRG.COLORS.file[0], width: 2, paths: stepped, value: fmt },
			{ label: "refaulted anon", scale: "r", stroke: LRG.COLORS.anon[0], dash: [4, 3], paths: stepped, value: fmt },
			{ label: "refaulted file", scale: "r", stroke: LRG.COLORS.file[0], dash: [4, 3], paths: stepped, value: fmt }
		]
	}, typeData(node(best)));
	var tierSeries = [], k;
	for (k = 0; k < 8; k++)
		tierSeries.push({ label: (k < 4 ? "evicted" : "refaulted") + " tier " + (k % 4),
				  stroke: LRG.TIER_COLORS[k % 4], width: k < 4 ? 2 : 1.5,
				  dash: k < 4 ? undefined : [4, 3], paths: stepped, value: fmt,
				  scale: k < 4 ? "y" : "r" });
	byTier = LRG.timePlot($("evict-by-tier"), {
		height: 240, axes: axes, series: tierSeries
	}, tierData(node(best), 0));
	if (data.plain) {
		// no tier counters without snapshots: the empty chart would say nothing
		$("evict-by-tier").parentNode.hidden = true;
		$("evict-type").disabled = true;
	}
	$("evict-node").addEventListener("change", update);
	$("evict-type").addEventListener("change", update);
	state();
};
