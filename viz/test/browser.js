// SPDX-License-Identifier: GPL-2.0
/*
 * What the page checks in viz/test share: start headless Chromium, and open
 * a report in it offline, with what the page did wrong collected.
 *
 *   const browser = require("./browser");
 *   const b = await browser.launch("check-NAME");
 *   const page = await browser.open(b, "REPORT.html", out, "window.X.ready");
 *
 * Messages start with the name the caller gives, so they say which check
 * failed. When Chromium cannot be started, launch() says what to run and
 * exits 2.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const CHROMIUM = process.env.LRUGEN_CHROMIUM || "/usr/bin/chromium";

/**
 * launch() - start headless Chromium, or exit 2 saying what to run
 * @name: the caller's name, first in every message
 *
 * Return: the puppeteer Browser
 */
async function launch(name) {
	let puppeteer;
	try {
		puppeteer = require("puppeteer-core");
	} catch (e) {
		console.error(`${name}: puppeteer-core is not installed in viz/node_modules: run scripts/setup (it runs npm ci in viz/)`);
		process.exit(2);
	}
	if (!fs.existsSync(CHROMIUM)) {
		console.error(`${name}: ${CHROMIUM} not found: run scripts/setup (it installs Debian's chromium)`);
		process.exit(2);
	}
	try {
		return await puppeteer.launch({
			executablePath: CHROMIUM,
			headless: true,
			// root in a container: Chromium's sandbox needs user namespaces
			args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
			       "--disable-background-networking", "--disable-component-update"],
		});
	} catch (e) {
		console.error(`${name}: ${CHROMIUM} did not start: ${e.message}`);
		process.exit(2);
	}
}

/**
 * open() - load a report with every request but its own refused
 * @browser: from launch()
 * @report: the report's file
 * @out: the caller's result object; console_errors, requests, page_errors
 *	and load_ms are set in it
 * @ready: a JavaScript expression that is true once the page has drawn
 *
 * Every other request the page makes is recorded and refused (a report
 * opens offline: it must make none); console errors and uncaught
 * exceptions are recorded. The wait for @ready gives up after 10 s, and
 * the page's ready state then says it did not get there.
 *
 * Return: the page
 */
async function open(browser, report, out, ready) {
	Object.assign(out, { console_errors: [], requests: [], page_errors: [] });
	const url = "file://" + path.resolve(report);
	const page = await browser.newPage();
	await page.setViewport({ width: 1280, height: 900 });
	await page.setRequestInterception(true);
	page.on("request", (req) => {
		// the page itself is the only load allowed
		if (req.url() === url && req.isNavigationRequest()) {
			req.continue();
			return;
		}
		out.requests.push(req.url().slice(0, 200));
		req.abort();
	});
	page.on("console", (msg) => {
		if (msg.type() === "error")
			out.console_errors.push(msg.text());
	});
	page.on("pageerror", (err) => out.page_errors.push(String(err)));
	const t0 = Date.now();
	await page.goto(url, { waitUntil: "load" });
	await page.waitForFunction(ready, { timeout: 10000 }).catch(() => {});
	out.load_ms = Date.now() - t0;
	return page;
}

module.exports = { launch, open };
