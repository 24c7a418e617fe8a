// SPDX-License-Identifier: GPL-2.0
/*
 * Load bench/kswapd-compare/report's report.html in headless Chromium and
 * say what it drew, as one JSON object on stdout, for
 * tests/unit/bench-kswapd-compare-report.sh to compare with what it works
 * out from the raw files itself.
 *
 *   node viz/test/check-kswapd-compare.js REPORT.html SHOT-PREFIX SEARCH ZOOM
 *
 * Every request the page makes is recorded and refused (it must make
 * none); console errors and uncaught exceptions are recorded. Then: the
 * dots of each figure panel per mode, each flame graph's root total,
 * depth and boxes; SEARCH typed into the search box (the samples each
 * mode's graph says match); a click on the frame named ZOOM in the first
 * graph that has it (the frame zoomed into and its samples), and a hover
 * on a dot (the tooltip). Screenshots: SHOT-PREFIX-page.png (the whole
 * page), -figures.png and -flames.png. Exits 2 when Chromium cannot be
 * started, with a message saying what to run.
 */
"use strict";
const { launch, open } = require("./browser");

async function main() {
	const [report, shot, search, zoom] = process.argv.slice(2);
	if (!report || !shot || search === undefined || !zoom) {
		console.error("usage: node check-kswapd-compare.js REPORT.html SHOT-PREFIX SEARCH ZOOM");
		process.exit(2);
	}
	const browser = await launch("check-kswapd-compare");
	const out = {};
	try {
		const page = await open(browser, report, out,
			"window.KC && window.KC.state && window.KC.state.ready");
		out.drawn = await page.evaluate(() => {
			const s = window.KC && window.KC.state;
			const dots = {};
			document.querySelectorAll(".kc-panel").forEach((p) => {
				const d = {};
				p.querySelectorAll("circle.run").forEach((c) => {
					d[c.dataset.mode] = (d[c.dataset.mode] || 0) + 1;
				});
				dots[p.dataset.figure] = d;
			});
			const flames = {};
			document.querySelectorAll(".flame canvas").forEach((c) => {
				flames[c.id.replace(/^flame-/, "")] = {
					total: Number(c.dataset.total), depth: Number(c.dataset.depth),
					frames: Number(c.dataset.frames), width: c.width, height: c.height,
				};
			});
			return {
				ready: !!(s && s.ready), render_ms: s ? s.renderMs : null,
				panels: document.querySelectorAll(".kc-panel").length, dots: dots, flames: flames,
				order_chart: !!document.querySelector("#order-chart .uplot"),
				missing: (document.getElementById("missing") || {}).innerText || "",
			};
		});
		// hover on the first dot: the tooltip names its run and value
		const dot = await page.$("circle.run");
		if (dot) {
			const b = await dot.boundingBox();
			await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
			out.dot_tooltip = await page.$eval("#kc-tooltip", (t) => (t.hidden ? "" : t.textContent));
			await page.mouse.move(0, 0);
		}
		const fig = await page.$("#figures-section");
		if (fig)
			await fig.screenshot({ path: shot + "-figures.png" });
		if (search) {
			await page.type("#flame-search", search);
			out.search = await page.evaluate(() => {
				const r = {};
				document.querySelectorAll(".flame canvas").forEach((c) => {
					r[c.id.replace(/^flame-/, "")] = Number(c.dataset.matched);
				});
				return { matched: r, text: document.getElementById("flame-match").textContent };
			});
		}
		const fl = await page.$("#profile-section");
		if (fl)
			await fl.screenshot({ path: shot + "-flames.png" });
		// zoom: click the frame named ZOOM in the first graph that shows it
		out.zoom = await page.evaluate((name) => {
			for (const m of Object.keys(window.KC.flames || {})) {
				const fg = window.KC.flames[m], b = fg.boxOf(name);
				if (!b)
					continue;
				const r = fg.canvas.getBoundingClientRect();
				return { mode: m, x: r.left + b.x + Math.min(b.w / 2, 5), y: r.top + b.y + b.h / 2 };
			}
			return null;
		}, zoom);
		if (out.zoom) {
			await page.evaluate((y) => window.scrollTo(0, 0), 0);
			const target = await page.evaluate((m, name) => {
				const fg = window.KC.flames[m], b = fg.boxOf(name);
				fg.canvas.scrollIntoView({ block: "center" });
				const r = fg.canvas.getBoundingClientRect();
				return { x: r.left + b.x + Math.min(b.w / 2, 5), y: r.top + b.y + b.h / 2 };
			}, out.zoom.mode, zoom);
			await page.mouse.click(target.x, target.y);
			Object.assign(out.zoom, await page.evaluate((m) => {
				const c = document.getElementById("flame-" + m);
				return { zoom: c.dataset.zoom, samples: Number(c.dataset.zoomSamples), frames: Number(c.dataset.frames) };
			}, out.zoom.mode));
			await page.mouse.move(target.x + 40, target.y);
			out.zoom.tooltip = await page.$eval("#kc-tooltip", (t) => (t.hidden ? "" : t.textContent));
			const box = await page.$(`.flame[data-mode="${out.zoom.mode}"]`);
			if (box)
				await box.screenshot({ path: shot + "-zoomed.png" });
		}
		await page.screenshot({ path: shot + "-page.png", fullPage: true });
	} finally {
		await browser.close();
	}
	process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
	console.error("check-kswapd-compare: " + (e && e.stack ? e.stack : e));
	process.exit(1);
});
