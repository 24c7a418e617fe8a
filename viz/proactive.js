// SPDX-License-Identifier: GPL-2.0
/*
 * Proactive reclaim: each request (memory.reclaim, nodeN/reclaim) as the
 * mm_vmscan_proactive_reclaim_begin and _end events tell it, at the time
 * it ended: the pages it asked for and those it got (left axis) and how
 * long it took (right axis), on uPlot; and the requests as a table.
 * LRG.state.proactive says what is drawn.
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

LRG.proactiveInit = function (data) {
	var $ = function (id) { return document.getElementById(id); };
	var p = data.proactive, n = p.begin_us.length, order = [], i;
	var TABLE_MAX = 500;

	for (i = 0; i < n; i++)
		order.push(i);
	// a request is drawn where it ended; one still running where it began
	var at = function (k) { return p.end_us[k] !== null ? p.end_us[k] : p.begin_us[k]; };
	var lat = function (k) {
		return p.begin_us[k] !== null && p.end_us[k] !== null ? p.end_us[k] - p.begin_us[k] : null;
	};
	order.sort(function (a, b) { return at(a) - at(b); });
	var whom = function (k) {
		var li = p.lruvec[k];
		return (li >= 0 ? data.lruvecs[li].path : "memcg " + p.memcg_id[k]) +
			(p.nid[k] >= 0 ? ", node " + p.nid[k] : ", every node");
	};
	LRG.state.proactive = { requests: n, series: 0, points: 0, latency_us: [] };
	if (!n) {
		$("proactive-note").textContent = "No proactive reclaim request in the recording: no mm_vmscan_proactive_reclaim_begin or _end event (lrugen record records them; a plain trace-cmd recording needs -e vmscan:mm_vmscan_proactive_reclaim_begin -e vmscan:mm_vmscan_proactive_reclaim_end).";
		$("proactive-note").hidden = false;
		$("proactive-chart").hidden = true;
		$("proactive-table").hidden = true;
		return;
	}
	var x = [], req = [], got = [], ms = [];
	order.forEach(function (k) {
		x.push(at(k) / 1e6);
		req.push(p.requested[k]);
		got.push(p.reclaimed[k]);
		ms.push(lat(k) === null ? null : lat(k) / 1000);
	});
	var dots = function () { return null; };
	var fmt = function (u, v) { return v == null ? "-" : v.toLocaleString("en-US"); };
	var u = LRG.timePlot($("proactive-chart"), {
		height: 240,
		scales: { ms: { range: function (uu, lo, hi) { return [0, hi > 0 ? hi * 1.1 : 1]; } } },
		axes: [{ label: "pages", size: 64 },
		       { label: "latency (ms)", scale: "ms", side: 1, size: 64, grid: { show: false } }],
		series: [
			{ label: "requested", stroke: "#718096", paths: dots, value: fmt,
			  points: { show: true, size: 12, width: 2, fill: "#fff" } },
			{ label: "reclaimed", stroke: "#2f855a", paths: dots, value: fmt,
			  points: { show: true, size: 8, fill: "#2f855a" } },
			{ label: "latency (ms)", scale: "ms", stroke: "#b7791f", paths: dots,
			  value: function (uu, v) { return v == null ? "-" : v.toFixed(3); },
			  points: { show: true, size: 8, fill: "#b7791f" } }
		]
	}, [x, req, got, ms]);

	// the table: every request, oldest first
	var tb = $("proactive-table").querySelector("tbody");
	order.slice(0, TABLE_MAX).forEach(function (k) {
		var tr = document.createElement("tr"), l = lat(k), pct = p.requested[k] ?
			(100 * p.reclaimed[k] / p.requested[k]).toFixed(0) + " %" : "-";
		[p.begin_us[k] === null ? "before the recording" : LRG.fmtTime(p.begin_us[k] / 1000),
		 p.end_us[k] === null ? "still running" : LRG.fmtTime(p.end_us[k] / 1000),
		 l === null ? "-" : (l / 1000).toFixed(3),
		 whom(k),
		 p.requested[k].toLocaleString("en-US"),
		 p.end_us[k] === null ? "-" : p.reclaimed[k].toLocaleString("en-US"),
		 p.end_us[k] === null ? "-" : pct,
		 p.swappiness[k] === null || p.swappiness[k] < 0 ? "default" : p.swappiness[k],
		 p.ret[k] === null ? "-" : p.ret[k],
		 (p.comm[k] || "?") + " " + p.pid[k]].forEach(function (v) {
			var td = document.createElement("td");
			td.textContent = v;
			tr.appendChild(td);
		});
		tb.appendChild(tr);
	});
	if (n > TABLE_MAX)
		$("proactive-more").textContent = "The table lists the first " + TABLE_MAX + " of " + n + " requests; the chart has them all.";
	LRG.state.proactive = {
		requests: n, series: u.series.length - 1, points: u.data[0].length, rows: tb.children.length,
		latency_us: order.map(lat), requested: req, reclaimed: got
	};
};
