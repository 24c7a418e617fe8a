// SPDX-License-Identifier: GPL-2.0
/*
 * The page side of the report benchmark, before there is a recording of
 * that size: take a report made by lrugen report, replace its data block
 * with a synthetic one in the same schema (LRUVECS lruvecs, FRAMES frames
 * at 1 s, BUSY of them changing every frame, four generations each, one
 * aging and 8 evictions per busy lruvec per 10 s), and write it.
 *
 *   node viz/test/synth-report.js REPORT.html OUT.html [LRUVECS FRAMES BUSY]
 *
 * Then load OUT.html with check-report.js for the browser's times.
 */
"use strict";
const fs = require("fs");

const [src, dst, nlvArg, nfArg, busyArg] = process.argv.slice(2);
if (!src || !dst) {
	console.error("usage: node synth-report.js REPORT.html OUT.html [LRUVECS FRAMES BUSY]");
	process.exit(2);
}
const nlv = +(nlvArg || 1000), nf = +(nfArg || 600), busy = +(busyArg || 100);
const html = fs.readFileSync(src, "utf8");
const re = /(<script type="application\/json" id="lrugen-data">\n)[^]*?(\n<\/script>)/;
if (!re.test(html)) {
	console.error(`synth-report: ${src} has no data block`);
	process.exit(1);
}
let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const t_ms = [];
for (let f = 0; f < nf; f++)
	t_ms.push(f * 1000 + Math.floor(rnd() * 20));
const lruvecs = [];
const ev = { t_us: [], kind: [], lruvec: [], a: [], b: [], c: [], arg: [] };
for (let i = 0; i < nlv; i++) {
	const isBusy = i < busy;
	const bands = { seq: [], f0: [], f1: [], born_ms: [], retired_anon_us: [], retired_file_us: [] };
	const pages = { f: [], band: [], anon: [], file: [] };
	// a busy lruvec gets a new generation every 10 s, a quiet one never
	const life = isBusy ? 10 : nf;
	let seq = 0;
	for (let start = -30; start < nf; start += life, seq++) {
		const f0 = Math.max(0, start), f1 = Math.min(nf - 1, start + 4 * life - 1);
		if (f1 < 0 || f0 > nf - 1)
			continue;
		const b = bands.seq.length;
		bands.seq.push(seq);
		bands.f0.push(f0);
		bands.f1.push(f1);
		bands.born_ms.push(start * 1000);
		bands.retired_anon_us.push(f1 < nf - 1 ? (f1 + 1) * 1e6 - 5000 : null);
		bands.retired_file_us.push(f1 < nf - 1 ? (f1 + 1) * 1e6 - 5000 : null);
		for (let f = f0; f <= f1; f++) {
			if (f > f0 && !isBusy)
				break;
			pages.f.push(f);
			pages.band.push(b);
			pages.anon.push(Math.floor(rnd() * 50000));
			pages.file.push(Math.floor(rnd() * 80000));
		}
	}
	// records in frame order, as lrugen report writes them
	const order = pages.f.map((_, k) => k).sort((x, y) => pages.f[x] - pages.f[y] || x - y);
	for (const key of Object.keys(pages))
		pages[key] = order.map((k) => pages[key][k]);
	lruvecs.push({ path: "/synth/m" + Math.floor(i / 2), nid: i % 2, memcg_id: 100 + Math.floor(i / 2),
		       evicted: isBusy ? 1000 + busy - i : 0, moved: 0, present: [0, nf - 1], bands, pages });
	if (isBusy)
		for (let f = 0; f < nf; f += 10) {
			ev.t_us.push(f * 1e6 + 300000); ev.kind.push(3); ev.lruvec.push(i);
			ev.a.push(f / 10); ev.b.push(5000); ev.c.push(300); ev.arg.push(1);
			for (let k = 0; k < 8; k++) {
				ev.t_us.push(f * 1e6 + 500000 + k * 1000); ev.kind.push(2); ev.lruvec.push(i);
				ev.a.push(f / 10); ev.b.push(64); ev.c.push(32); ev.arg.push(k % 2);
			}
		}
}
const order = ev.t_us.map((_, k) => k).sort((x, y) => ev.t_us[x] - ev.t_us[y]);
for (const key of Object.keys(ev))
	ev[key] = order.map((k) => ev[key][k]);
const busiest = [];
for (let i = 0; i < Math.min(12, nlv); i++)
	busiest.push(i);
const data = {
	schema: 1, file: `synthetic: ${nlv} lruvecs x ${nf} s, ${busy} busy`, host: null, start: null,
	plain: false, notice: "", warning: "", length_ms: nf * 1000, t_ms,
	kinds: ["birth", "retire", "evict", "aging", "proactive"],
	event_counts: [0, 0, ev.kind.filter((k) => k === 2).length, ev.kind.filter((k) => k === 3).length, 0],
	events_unmatched: 0, busiest, lruvecs, events: ev,
};
const out = html.replace(re, (_, a, b) => a + JSON.stringify(data) + b);
fs.writeFileSync(dst, out);
console.log(`synth-report: ${dst}: ${nlv} lruvecs, ${nf} frames, ${busy} busy: ` +
	    `${(out.length / 1048576).toFixed(2)} MiB`);
