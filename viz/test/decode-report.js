// SPDX-License-Identifier: GPL-2.0
/*
 * The generations a report's data block holds, decoded by the page's own
 * viz/data.js outside the browser, for tests/unit/viz-report-budget.sh:
 *
 *   node viz/test/decode-report.js REPORT.html
 *   node viz/test/decode-report.js --events REPORT.html
 *
 * First a line "# step N", then per lruvec, band and frame it was in (a
 * band's pages held from its last record at or before the frame), a line
 * "PATH<TAB>NID<TAB>FRAME<TAB>SEQ<TAB>ANON<TAB>FILE<TAB>EXACT", EXACT 1 for
 * the busiest lruvecs, which keep every snapshot, 0 for the others.
 * With --events, the events instead: "# ev_step N", per kind a line
 * "KIND COUNT SUM_C" (COUNT: the events a merged one stands for counted;
 * SUM_C: the pages an eviction reclaimed, summed), then "rows N" (the
 * events in the page), per lruvec "lruvec MEMCG_ID NID COUNT SUM_C" of its
 * evictions, and "unordered N", the events whose time is before the one
 * before.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const events = process.argv[2] === "--events";
const file = process.argv[events ? 3 : 2];
if (!file) {
	console.error("usage: node decode-report.js [--events] REPORT.html");
	process.exit(2);
}
const html = fs.readFileSync(file, "utf8");
const m = /<script type="application\/json" id="lrugen-data">\n([^]*?)\n<\/script>/.exec(html);
if (!m) {
	console.error(`decode-report: ${file} has no data block`);
	process.exit(1);
}
global.window = global;
/* eslint-disable-next-line no-eval */
(0, eval)(fs.readFileSync(path.join(__dirname, "..", "data.js"), "utf8"));
const data = JSON.parse(m[1]);
window.LRG.decode(data);
if (events) {
	const ev = data.events, out = [`# ev_step ${data.ev_step}`];
	let unordered = 0;
	data.kinds.forEach((name, k) => {
		let n = 0, c = 0;
		for (let i = 0; i < ev.t_us.length; i++) {
			if (ev.kind[i] !== k)
				continue;
			n += ev.count[i];
			c += ev.c[i];
		}
		out.push(`${name} ${n} ${c}`);
	});
	for (let i = 1; i < ev.t_us.length; i++)
		if (ev.t_us[i] < ev.t_us[i - 1])
			unordered++;
	out.push(`rows ${ev.t_us.length}`);
	// per lruvec: the evictions it stands for and their pages
	const per = new Map();
	for (let i = 0; i < ev.t_us.length; i++) {
		if (ev.kind[i] !== data.kinds.indexOf("evict") || ev.lruvec[i] < 0)
			continue;
		const l = data.lruvecs[ev.lruvec[i]], key = `${l.memcg_id} ${l.nid}`;
		const p = per.get(key) || [0, 0];
		p[0] += ev.count[i];
		p[1] += ev.c[i];
		per.set(key, p);
	}
	for (const [key, p] of [...per].sort())
		out.push(`lruvec ${key} ${p[0]} ${p[1]}`);
	out.push(`unordered ${unordered}`);
	process.stdout.write(out.join("\n") + "\n");
	process.exit(0);
}
const exact = new Set(data.busiest);
const out = [`# step ${data.step}`];
data.lruvecs.forEach((l, li) => {
	const b = l.bands, p = l.pages, last = {};
	for (let k = 0; k < p.f.length; k++)
		(last[p.band[k]] || (last[p.band[k]] = [])).push(k);
	for (let bi = 0; bi < b.seq.length; bi++) {
		const recs = last[bi] || [];
		let r = -1;
		for (let f = b.f0[bi]; f <= b.f1[bi]; f++) {
			while (r + 1 < recs.length && p.f[recs[r + 1]] <= f)
				r++;
			const k = recs[r];
			out.push([l.path, l.nid, f, b.seq[bi], r < 0 ? "?" : p.anon[k], r < 0 ? "?" : p.file[k],
				  exact.has(li) ? 1 : 0].join("\t"));
		}
	}
});
process.stdout.write(out.join("\n") + "\n");
