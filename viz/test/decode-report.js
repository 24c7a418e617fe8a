// SPDX-License-Identifier: GPL-2.0
/*
 * The generations a report's data block holds, decoded by the page's own
 * viz/data.js outside the browser, for tests/unit/viz-report-budget.sh:
 *
 *   node viz/test/decode-report.js REPORT.html
 *
 * First a line "# step N", then per lruvec, band and frame it was in (a
 * band's pages held from its last record at or before the frame), a line
 * "PATH<TAB>NID<TAB>FRAME<TAB>SEQ<TAB>ANON<TAB>FILE<TAB>EXACT", EXACT 1 for
 * the busiest lruvecs, which keep every snapshot, 0 for the others.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const file = process.argv[2];
if (!file) {
	console.error("usage: node decode-report.js REPORT.html");
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
