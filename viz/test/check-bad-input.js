// SPDX-License-Identifier: GPL-2.0
/*
 * Load a report of a recording that lacks something (no snapshot, no
 * event, one lruvec, 20,000 lruvecs) in headless Chromium and say, as one
 * JSON object on stdout, what each picture says it lacks and whether the
 * page stays usable: for tests/unit/viz-report-bad-input.sh.
 *
 *   node viz/test/check-bad-input.js REPORT.html SCREENSHOT.png [QUERY...]
 *
 * Prints the requests and console errors (both must be none), the notes
 * of every picture, the summary box, the selector's options and count
 * line; then types each QUERY into the lruvec search box and reports what
 * the list holds, presses Enter and reports the lruvec the timeline then
 * shows, and zooms the timeline with the wheel when it is drawn. The whole
 * page is screenshot to SCREENSHOT.
 */
"use strict";
const { launch, open } = require("./browser");

// the notes of the pictures, by the name the output gives them
const NOTES = { timeline: "timeline-note", lruvec_evictions: "lruvec-evict-note",
		multiples: "multiples-note", heatmap: "heatmap-note", evictions: "evict-note",
		proactive: "proactive-note", kswapd: "kswapd-note" };

async function main() {
	const [report, shot, ...queries] = process.argv.slice(2);
	if (!report || !shot) {
		console.error("usage: node check-bad-input.js REPORT.html SCREENSHOT.png [QUERY...]");
		process.exit(2);
	}
	const browser = await launch("check-bad-input");
	const out = {};
	try {
		const page = await open(browser, report, out,
			"window.LRG && window.LRG.state && window.LRG.state.ready");
		const probe = () => page.evaluate(() => {
			const s = window.LRG && window.LRG.state;
			const sel = document.getElementById("lruvec-select");
			return {
				ready: !!(s && s.ready),
				lruvec: s ? s.lruvec : null,
				path: s ? s.lruvecPath : null,
				nid: s ? s.lruvecNid : null,
				bands: s && s.drawn ? s.drawn.bands : null,
				options: sel.options.length,
				values: Array.from(sel.options).slice(0, 20).map((o) => +o.value),
				labels: Array.from(sel.options).slice(0, 20).map((o) => o.textContent),
				count: document.getElementById("lruvec-count").textContent,
				search: s ? s.search : null,
				heatmap_memcgs: document.getElementById("heatmap-memcg").options.length,
				heatmap_has_shown: !!(s && s.lruvec >= 0 &&
					document.querySelector('#heatmap-memcg option[value="' + s.lruvec + '"]')),
				heatmap_count: document.getElementById("heatmap-memcg-count").textContent,
			};
		});
		out.state = await probe();
		out.render_ms = await page.evaluate(() => window.LRG.state ? window.LRG.state.renderMs : null);
		out.missing = await page.$eval("#missing", (e) => e.hidden ? "" : e.innerText);
		out.notes = await page.evaluate((ids) => {
			const r = {};
			for (const [k, id] of Object.entries(ids)) {
				const e = document.getElementById(id);
				r[k] = e && !e.hidden ? e.textContent : "";
			}
			return r;
		}, NOTES);
		out.visible = await page.evaluate(() => {
			const shown = (id) => { const e = document.getElementById(id); return !!(e && e.offsetParent); };
			return { timeline: shown("timeline-canvas"), multiples: document.querySelectorAll("canvas.multiple").length,
				 heatmap: shown("heatmap-canvas"), search_enabled: !document.getElementById("lruvec-search").disabled };
		});
		out.queries = [];
		for (const q of queries) {
			await page.$eval("#lruvec-search", (e) => { e.value = ""; });
			const t = Date.now();
			await page.type("#lruvec-search", q);
			// the list follows the box once typing pauses
			await page.waitForFunction((want) => {
				const s = window.LRG.state.search;
				return s && s.query === want;
			}, { timeout: 5000 }, q).catch(() => {});
			const listed = await probe();
			const filter_ms = Date.now() - t;
			await page.focus("#lruvec-search");
			await page.keyboard.press("Enter");
			const shown = await probe();
			out.queries.push({ query: q, filter_ms, found: listed.search ? listed.search.found : null,
					   options: listed.options, labels: listed.labels, count: listed.count,
					   shown: { lruvec: shown.lruvec, path: shown.path, nid: shown.nid, bands: shown.bands },
					   heatmap_memcgs: shown.heatmap_memcgs, heatmap_has_shown: shown.heatmap_has_shown });
		}
		if (out.visible.timeline) {
			const box = await page.$eval("#timeline-canvas", (c) => {
				c.scrollIntoView();
				const r = c.getBoundingClientRect();
				return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
			});
			await page.mouse.move(box.x, box.y);
			const before = await page.evaluate(() => window.LRG.time.get());
			for (let i = 0; i < 3; i++)
				await page.mouse.wheel({ deltaY: -100 });
			const after = await page.evaluate(() => window.LRG.time.get());
			out.zoomed = after[1] - after[0] < before[1] - before[0];
		}
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.screenshot({ path: shot, fullPage: true });
	} finally {
		await browser.close();
	}
	process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
	console.error("check-bad-input: " + (e && e.stack ? e.stack : e));
	process.exit(1);
});
