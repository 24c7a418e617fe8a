// SPDX-License-Identifier: GPL-2.0
/*
 * Load a report made by lrugen report in headless Chromium and say what
 * it drew, as one JSON object on stdout; the test (tests/unit/viz-report.sh)
 * compares that with what it computes from the recording itself.
 *
 *   node viz/test/check-report.js REPORT.html SCREENSHOT.png [SWITCH_TO]
 *
 * Every request the page makes is recorded and refused (a report opens
 * offline: it must make none); console errors and uncaught exceptions are
 * recorded. SWITCH_TO (an lruvec index) is then chosen in the selector and
 * what is drawn after it is reported too. Each picture's section is
 * screenshot beside SCREENSHOT (NAME-heatmap.png for NAME-timeline.png),
 * and its state reported under "charts". Exits 2 when Chromium cannot be
 * started, with a message saying what to run.
 */
"use strict";
const { launch, open } = require("./browser");

// the sections screenshot one by one, and the name each file gets
const PICTURES = [["heatmap-section", "heatmap"], ["evictions-section", "evictions"],
		   ["proactive-section", "proactive"], ["kswapd-section", "kswapd"]];

async function main() {
	const [report, shot, switchTo] = process.argv.slice(2);
	if (!report || !shot) {
		console.error("usage: node check-report.js REPORT.html SCREENSHOT.png [LRUVEC]");
		process.exit(2);
	}
	const browser = await launch("check-report");
	const out = {};
	try {
		const page = await open(browser, report, out,
			"window.LRG && window.LRG.state && window.LRG.state.ready");
		const probe = () => page.evaluate(() => {
			const s = window.LRG && window.LRG.state;
			const c = document.getElementById("timeline-canvas");
			const sel = document.getElementById("lruvec-select");
			return {
				ready: !!(s && s.ready),
				canvas: !!(c && c.width > 0 && c.height > 0),
				selector_options: sel ? sel.options.length : -1,
				selector_value: sel ? sel.value : null,
				lruvec: s ? s.lruvec : null,
				path: s ? s.lruvecPath : null,
				nid: s ? s.lruvecNid : null,
				bands: c ? Number(c.dataset.bands) : null,
				cells: c ? Number(c.dataset.cells) : null,
				multiples: document.querySelectorAll("canvas.multiple").length,
				missing: (document.getElementById("missing") || {}).innerText || "",
				first_render_ms: s ? s.renderMs : null,
			};
		});
		out.first = await probe();
		const el = await page.$("#timeline-section");
		if (el)
			await el.screenshot({ path: shot });
		// each picture's section, beside it: NAME-heatmap.png...
		const base = shot.replace(/(-timeline)?\.png$/, "");
		for (const [id, what] of PICTURES) {
			const sec = await page.$("#" + id);
			if (sec)
				await sec.screenshot({ path: `${base}-${what}.png` });
		}
		out.charts = await page.evaluate(() => {
			const s = window.LRG && window.LRG.state;
			const note = (id) => { const e = document.getElementById(id); return e && !e.hidden ? e.textContent : ""; };
			return {
				heatmap: s && s.heatmap ? Object.assign({ note: note("heatmap-note"),
					canvas: document.getElementById("heatmap-canvas").width > 0 }, s.heatmap) : null,
				evictions: s && s.evictions ? Object.assign({ note: note("evict-note"),
					nodes: document.getElementById("evict-node").options.length,
					plots: document.querySelectorAll("#evictions-section .uplot").length }, s.evictions) : null,
				proactive: s && s.proactive ? Object.assign({ note: note("proactive-note") }, s.proactive) : null,
				kswapd: s && s.kswapd ? Object.assign({ note: note("kswapd-note") }, s.kswapd) : null,
				direct: s && s.direct ? s.direct : null,
			};
		});
		// the heatmap of one memcg: the first of the node's list
		const one = await page.$eval("#heatmap-memcg", (sel) => sel.options.length > 1 ? sel.options[1].value : null);
		if (one !== null) {
			await page.select("#heatmap-memcg", one);
			out.charts.heatmap_one = await page.evaluate(() => Object.assign({
				path: window.LRG.data.lruvecs[window.LRG.state.heatmap.lruvec].path }, window.LRG.state.heatmap));
		}
		// and the whole page, beside it
		await page.screenshot({ path: shot.replace(/\.png$/, "") + "-page.png", fullPage: true });
		if (switchTo !== undefined && out.first.ready) {
			await page.select("#lruvec-select", String(switchTo));
			out.switched = await probe();
			// a zoom on the timeline reaches the shared time range
			await page.mouse.move(700, 300);
			const box = await page.$eval("#timeline-canvas", (c) => {
				c.scrollIntoView();
				const r = c.getBoundingClientRect();
				return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
			});
			await page.mouse.move(box.x, box.y);
			const before = await page.evaluate(() => window.LRG.time.get());
			const t = Date.now();
			for (let i = 0; i < 5; i++)
				await page.mouse.wheel({ deltaY: -100 });
			out.zoom_ms = Date.now() - t;
			const after = await page.evaluate(() => window.LRG.time.get());
			out.zoomed = after[1] - after[0] < before[1] - before[0];
			// every uPlot chart and the heatmap follow the shared range
			out.zoom_followed = await page.evaluate(() => {
				const r = window.LRG.time.get(), near = (a, b) => Math.abs(a - b) < 1e-6;
				return {
					plots: window.LRG.plots.length,
					plots_on_range: window.LRG.plots.filter((p) =>
						near(p.u.scales.x.min, r[0] / 1000) && near(p.u.scales.x.max, r[1] / 1000)).length,
					heatmap_columns: window.LRG.state.heatmap.columns,
				};
			});
		}
	} finally {
		await browser.close();
	}
	process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
	console.error("check-report: " + (e && e.stack ? e.stack : e));
	process.exit(1);
});
