// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/measure.js REPORT.html: one load of a report in headless
 * Chromium, measured in the browser, as one JSON object on stdout:
 *
 * - fcp_ms: the browser's first contentful paint (Paint Timing);
 * - timeline_ms: the page's mark "lrugen-timeline-drawn", when the
 *   generation timeline is drawn (report.js);
 * - ready_ms: the page's mark "lrugen-ready", when every picture is drawn
 *   and listens: the page is interactive (its script runs in one task, so
 *   the main thread is free from then on);
 * - parse_ms: the page's JSON.parse and decode of the data block;
 * - zoom_frames_ms: the time between animation frames while the timeline
 *   zooms in 20 wheel steps around its middle and out 20 (one step per
 *   frame, as a mouse wheel sends them), every chart following; what a
 *   user sees as smooth or not;
 * - errors, requests: console errors and network requests (none expected).
 *
 * All times in ms from the start of navigation. Uses viz/test/browser.js
 * (puppeteer-core, Debian's chromium).
 */
"use strict";
const path = require("path");
const { launch, open } = require(path.join(__dirname, "..", "..", "viz", "test", "browser"));

async function main() {
	const report = process.argv[2];
	if (!report) {
		console.error("usage: node bench/report/measure.js REPORT.html");
		process.exit(2);
	}
	const browser = await launch("bench/report");
	const out = {};
	try {
		const page = await open(browser, report, out,
			"window.LRG && window.LRG.state && window.LRG.state.ready");
		Object.assign(out, await page.evaluate(() => {
			const mark = (n) => {
				const e = performance.getEntriesByName(n, "mark")[0];
				return e ? Math.round(e.startTime) : null;
			};
			const fcp = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
			return { fcp_ms: fcp ? Math.round(fcp.startTime) : null, timeline_ms: mark("lrugen-timeline-drawn"),
				 ready_ms: mark("lrugen-ready"), parse_ms: window.LRG.state.parseMs,
				 lruvecs: window.LRG.data.lruvecs.length, frames: window.LRG.data.t_ms.length };
		}));
		const box = await page.$eval("#timeline-canvas", (c) => {
			c.scrollIntoView();
			const r = c.getBoundingClientRect();
			return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
		});
		out.zoom_frames_ms = await page.evaluate(async (x, y) => {
			const c = document.getElementById("timeline-canvas");
			const frame = () => new Promise((r) => requestAnimationFrame(r));
			const times = [];
			let last = await frame();
			for (let i = 0; i < 40; i++) {
				c.dispatchEvent(new WheelEvent("wheel", { deltaY: i < 20 ? -100 : 100, clientX: x, clientY: y,
									  bubbles: true, cancelable: true }));
				const t = await frame();
				times.push(Math.round((t - last) * 10) / 10);
				last = t;
			}
			return times;
		}, box.x, box.y);
	} finally {
		await browser.close();
	}
	process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
	console.error("bench/report/measure.js: " + (e && e.stack ? e.stack : e));
	process.exit(1);
});
