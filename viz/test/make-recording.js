// SPDX-License-Identifier: GPL-2.0
/*
 * A synthetic lrugen recording, without a kernel: the lines of the
 * recording format (Documentation/guide/recording-format.rst) as ftrace
 * print events (what trace_marker writes) in the top buffer of a trace.dat
 * of file version 6, uncompressed, which libtracecmd reads like one
 * trace-cmd wrote. For the report's bad-input test (an empty recording,
 * one lruvec, 20,000 lruvecs) and its benchmark (1,000 lruvecs x 10 min),
 * whose recordings would take long VM runs and megabytes in the tree.
 *
 *   node viz/test/make-recording.js OUT.dat [--lruvecs N] [--nodes N]
 *        [--seconds S] [--interval-ms MS] [--busy N] [--evictions N] [--empty]
 *
 * --lruvecs N  lruvecs (memcgs x nodes, rounded up to whole memcgs; default 4)
 * --nodes N    nodes, 1 to 64 (default 2)
 * --seconds S  how long, one snapshot per interval (default 10)
 * --busy N     lruvecs whose generations change every snapshot, the
 *              first N; the others never change after their first
 *              snapshot (default: all)
 * --evictions N  lru_gen_evict events per busy lruvec per snapshot
 *              interval, spread over it (default 0: snapshots only)
 * --empty      the header and the end (X) only: recorded for an instant,
 *              no snapshot, no event
 *
 * A busy lruvec moves pages between its four generations every snapshot,
 * evicts some from the oldest, and ages every 10 s (a new generation, the
 * oldest retired), each lruvec at its own phase. Everything is drawn from
 * a fixed seed: the same arguments give the same file. Prints one line:
 * snapshots, lruvecs, lines, bytes.
 */
"use strict";
const fs = require("fs");

const PAGE = 4096;
const MARKER_MAX = 3072;	/* RECFMT_MARKER_MAX: the most one marker carries */

function usage(msg) {
	console.error(`make-recording: ${msg}`);
	console.error("usage: node make-recording.js OUT.dat [--lruvecs N] [--nodes N] [--seconds S] [--interval-ms MS] [--busy N] [--evictions N] [--empty]");
	process.exit(2);
}

const args = process.argv.slice(2);
const opt = { lruvecs: 4, nodes: 2, seconds: 10, "interval-ms": 1000, busy: -1, evictions: 0, empty: false };
let out = null;
for (let i = 0; i < args.length; i++) {
	const a = args[i];
	if (a === "--empty") {
		opt.empty = true;
	} else if (a.startsWith("--") && a.slice(2) in opt) {
		const v = args[++i];
		if (v === undefined || !/^[0-9]+$/.test(v))
			usage(`${a} needs a whole number, got '${v}'`);
		opt[a.slice(2)] = +v;
	} else if (!out && !a.startsWith("-")) {
		out = a;
	} else {
		usage(`unknown argument '${a}'`);
	}
}
if (!out)
	usage("no output file");
if (opt.nodes < 1 || opt.nodes > 64)
	usage(`--nodes ${opt.nodes}: 1 to 64`);
if (opt.lruvecs < 1 || opt["interval-ms"] < 1)
	usage("--lruvecs and --interval-ms must be at least 1");
const nodes = opt.nodes, memcgs = Math.ceil(opt.lruvecs / nodes);
const nlv = memcgs * nodes, interval = opt["interval-ms"];
const frames = opt.empty ? 0 : Math.max(1, Math.floor(opt.seconds * 1000 / interval));
const busy = opt.busy < 0 ? nlv : Math.min(opt.busy, nlv);

let seed = 0x2545f491;
function rnd(n) {
	/* a 31-bit LCG: enough for page counts, the same on every run */
	seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
	return seed % n;
}

/* ---- the lines ---- */

const T0_NS = 3600n * 1000000000n;	/* the trace clock: an hour after boot */
const MONO0 = 3600000;			/* CLOCK_MONOTONIC of the first snapshot, ms */
const markers = [];			/* { ts: BigInt ns, text } or { ts, evict } */
let nlines = 0;

/* lines of one instant, packed into markers of at most MARKER_MAX bytes */
function emit(tsNs, lines) {
	let cur = "", k = 0;
	for (const l of lines) {
		const s = `lrugen ${l}\n`;
		if (cur.length + s.length > MARKER_MAX && cur) {
			markers.push({ ts: tsNs + BigInt(k++) * 1000n, text: cur });
			cur = "";
		}
		cur += s;
		nlines++;
	}
	if (cur)
		markers.push({ ts: tsNs + BigInt(k) * 1000n, text: cur });
}

const nodeList = nodes === 1 ? "0" : `0-${nodes - 1}`;
emit(T0_NS - 1000000n, [
	`H 1 release=6.12.0-synthetic host=synthetic interval_ms=${interval} hz=100 keyframe=60 ` +
	`tolerance_ms=50 nodes=${nodeList} enabled=0x7 min_ttl_ms=0 start=1795945812.000 mono_ms=${MONO0}`,
	"C node viz/test/make-recording.js",
]);

/* each lruvec: four generations, oldest first: { seq, born (mono ms), anon, file } */
const lv = [];
for (let i = 0; i < nlv; i++) {
	const gens = [];
	for (let g = 0; g < 4; g++)
		gens.push({ seq: g + 1, born: MONO0 - (4 - g) * 10000 - rnd(5000),
			    anon: rnd(20000), file: rnd(20000) });
	lv.push({ gens, phase: rnd(10), sentMono: 0 });
}
const refault = new Array(nodes).fill(0).map(() => [0, 0]);
const ticks = new Array(nodes).fill(0);

function lline(i, mono, place) {
	const l = lv[i];
	const g = l.gens.map(x => `${x.seq} ${mono - x.born} ${x.anon} ${x.file} 0`).join(" ");
	return `L ${Math.floor(i / nodes)} ${i % nodes} ${place} 0 ${l.gens.length} ${g}`;
}

/* one step of a busy lruvec: pages move, the oldest loses some, every 10 s an aging */
function step(i, f, mono) {
	const l = lv[i], gs = l.gens;
	for (let g = 0; g < gs.length; g++) {
		gs[g].anon = Math.max(0, gs[g].anon + rnd(201) - 100);
		gs[g].file = Math.max(0, gs[g].file + rnd(201) - 100);
	}
	gs[0].file = Math.max(0, gs[0].file - 64 - rnd(64));
	/* the evictions of the interval before this snapshot, from the oldest */
	const span = BigInt(interval) * 1000000n;
	for (let k = 0; k < opt.evictions; k++)
		markers.push({ ts: tsOf(f - 1) + span * BigInt(2 * k + 1) / BigInt(2 * opt.evictions) + BigInt(i),
			       evict: { seq: gs[0].seq, scanned: 64 + rnd(64), reclaimed: 32 + rnd(33),
					nid: i % nodes, memcg: 100 + Math.floor(i / nodes), type: rnd(2) } });
	if ((f + l.phase) % 10 === 0) {
		gs.shift();
		gs.push({ seq: gs[gs.length - 1].seq + 1, born: mono, anon: rnd(2000), file: rnd(2000) });
	}
}

const tsOf = (f) => T0_NS + BigInt(f) * BigInt(interval) * 1000000n;
for (let f = 0; f < frames; f++) {
	const mono = MONO0 + f * interval;
	const ts = tsOf(f);
	const key = f % 60 === 0;
	const lines = [`S ${f} ${mono} ${key ? "k" : "d"} 5`, `G 3000000 2000000 0 0 7 0 ${f * 1000} ${f * 900}`];
	for (let n = 0; n < nodes; n++) {
		refault[n][0] += rnd(50);
		refault[n][1] += rnd(200);
		ticks[n] += rnd(30);
		lines.push(`N ${n} 2000000 ${900000 - rnd(1000)} 300000 400000 ${refault[n][0]} ${refault[n][1]} 0 0 ${40 + n} ${ticks[n]}`);
	}
	let sent = 0;
	for (let i = 0; i < nlv; i++) {
		const isBusy = i < busy;
		if (f > 0 && isBusy)
			step(i, f, mono);
		if (!key && !isBusy)
			continue;
		if (i % nodes === 0 && key)
			lines.push(`M ${i / nodes} ${100 + i / nodes} /synth/cg-${String(i / nodes).padStart(5, "0")}`);
		lines.push(lline(i, mono, key ? (sent ? "+" : "^") : "-"));
		sent++;
	}
	lines.push(`E ${f} ${nlv} ${lines.length - 1}`);
	emit(ts, lines);
}
emit(T0_NS + BigInt(frames) * BigInt(interval) * 1000000n,
     [`X reason=${opt.empty ? "signal" : "duration"} status=0 lost=0`]);

/* ---- the trace.dat (version 6, trace-cmd.dat.v6(5)) ---- */

const HEADER_PAGE =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n" +
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n" +
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n" +
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";
const HEADER_EVENT =
	"# compressed entry header\n" +
	"\ttype_len    :    5 bits\n" +
	"\ttime_delta  :   27 bits\n" +
	"\tarray       :   32 bits\n" +
	"\n" +
	"\tpadding     : type == 29\n" +
	"\ttime_extend : type == 30\n" +
	"\ttime_stamp : type == 31\n" +
	"\tdata max type_len  == 28\n";
const PRINT_ID = 5;
const EVICT_ID = 266;
const EVICT_FORMAT =
	"name: lru_gen_evict\nID: 266\nformat:\n" +
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" +
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" +
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" +
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n" +
	"\tfield:unsigned long seq;\toffset:8;\tsize:8;\tsigned:0;\n" +
	"\tfield:unsigned long nr_scanned;\toffset:16;\tsize:8;\tsigned:0;\n" +
	"\tfield:unsigned long nr_reclaimed;\toffset:24;\tsize:8;\tsigned:0;\n" +
	"\tfield:int nid;\toffset:32;\tsize:4;\tsigned:1;\n" +
	"\tfield:u64 memcg_id;\toffset:40;\tsize:8;\tsigned:0;\n" +
	"\tfield:int type;\toffset:48;\tsize:4;\tsigned:1;\n" +
	"\tfield:int tier;\toffset:52;\tsize:4;\tsigned:1;\n" +
	"\tfield:int swappiness;\toffset:56;\tsize:4;\tsigned:1;\n\n" +
	"print fmt: \"nid=%d memcg_id=%llu type=%s seq=%lu tier=%d swappiness=%d nr_scanned=%lu nr_reclaimed=%lu\", " +
	"REC->nid, REC->memcg_id, __print_symbolic(REC->type, { 0, \"anon\" }, { 1, \"file\" }), REC->seq, " +
	"REC->tier, REC->swappiness, REC->nr_scanned, REC->nr_reclaimed\n";
const PRINT_FORMAT =
	"name: print\nID: 5\nformat:\n" +
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" +
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" +
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" +
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n" +
	"\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n" +
	"\tfield:char buf[];\toffset:16;\tsize:0;\tsigned:0;\n\n" +
	"print fmt: \"%ps: %s\", (void *)REC->ip, REC->buf\n";

const head = [];
const u8 = x => Buffer.from([x]);
const u16 = x => { const b = Buffer.alloc(2); b.writeUInt16LE(x); return b; };
const u32 = x => { const b = Buffer.alloc(4); b.writeUInt32LE(x); return b; };
const u64 = x => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(x)); return b; };
const str0 = s => Buffer.from(s + "\0", "latin1");
head.push(Buffer.from([0x17, 0x08, 0x44]), Buffer.from("tracing"), str0("6"));
head.push(u8(0), u8(8), u32(PAGE));		/* little endian, 8-byte long */
head.push(str0("header_page"), u64(HEADER_PAGE.length), Buffer.from(HEADER_PAGE));
head.push(str0("header_event"), u64(HEADER_EVENT.length), Buffer.from(HEADER_EVENT));
head.push(u32(1), u64(PRINT_FORMAT.length), Buffer.from(PRINT_FORMAT));	/* ftrace events */
if (opt.evictions) {
	/* one event system, lru_gen, with lru_gen_evict as the lrugen series defines it */
	head.push(u32(1), str0("lru_gen"), u32(1), u64(EVICT_FORMAT.length), Buffer.from(EVICT_FORMAT));
} else {
	head.push(u32(0));			/* event systems: none */
}
head.push(u32(0), u32(0));			/* kallsyms, printk formats: empty */
const cmdlines = "4242 make-recording\n";
head.push(u64(cmdlines.length), Buffer.from(cmdlines));
head.push(u32(1));				/* one CPU */
head.push(Buffer.from("options  \0"), u16(0));	/* no option */
head.push(Buffer.from("flyrecord\0"));
let headLen = head.reduce((s, b) => s + b.length, 0) + 16;	/* + the CPU's offset, size */
const dataOff = Math.ceil(headLen / PAGE) * PAGE;

/* the ring buffer's pages: a page header, then events with 4-byte headers */
const fd = fs.openSync(out + ".tmp", "w");
let pos = dataOff, page = null, used = 0, last = 0n;
function flush() {
	if (!page)
		return;
	page.writeBigUInt64LE(BigInt(used), 8);	/* commit: bytes of data */
	fs.writeSync(fd, page, 0, PAGE, pos);
	pos += PAGE;
	page = null;
}
/* one CPU's ring buffer holds its events in time order */
markers.sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : 0));
for (const m of markers) {
	const text = m.evict ? null : Buffer.from(m.text + "\0", "latin1");
	const len = m.evict ? 60 : Math.ceil((16 + text.length) / 4) * 4;
	let need = 8 + len;
	const delta = page ? m.ts - last : 0n;
	const extend = delta >= (1n << 27n);
	if (extend)
		need += 8;
	if (!page || 16 + used + need > PAGE) {
		flush();
		page = Buffer.alloc(PAGE);
		page.writeBigUInt64LE(m.ts, 0);
		used = 0;
		last = m.ts;
	}
	let at = 16 + used, d = m.ts - last;
	if (d >= (1n << 27n)) {
		/* a time extend: type_len 30, the delta's low 27 bits, then the rest */
		page.writeUInt32LE((30 | Number((d & 0x7ffffffn) << 5n)) >>> 0, at);
		page.writeUInt32LE(Number(d >> 27n), at + 4);
		at += 8;
		d = 0n;
	}
	/* type_len 0: the length (data + 4) in the next word */
	page.writeUInt32LE(Number(d << 5n) >>> 0, at);
	page.writeUInt32LE(len + 4, at + 4);
	page.writeInt32LE(4242, at + 12);
	if (m.evict) {
		const e = m.evict, d0 = at + 8;
		page.writeUInt16LE(EVICT_ID, d0);
		page.writeBigUInt64LE(BigInt(e.seq), d0 + 8);
		page.writeBigUInt64LE(BigInt(e.scanned), d0 + 16);
		page.writeBigUInt64LE(BigInt(e.reclaimed), d0 + 24);
		page.writeInt32LE(e.nid, d0 + 32);
		page.writeBigUInt64LE(BigInt(e.memcg), d0 + 40);
		page.writeInt32LE(e.type, d0 + 48);
		page.writeInt32LE(0, d0 + 52);
		page.writeInt32LE(-1, d0 + 56);
	} else {
		page.writeUInt16LE(PRINT_ID, at + 8);
		text.copy(page, at + 24);
	}
	used = at + 8 + len - 16;
	last = m.ts;
}
flush();
const hdr = Buffer.concat([...head, u64(dataOff), u64(pos - dataOff)]);
fs.writeSync(fd, hdr, 0, hdr.length, 0);
if (hdr.length < dataOff)
	fs.writeSync(fd, Buffer.alloc(dataOff - hdr.length), 0, dataOff - hdr.length, hdr.length);
fs.closeSync(fd);
fs.renameSync(out + ".tmp", out);
const nev = markers.filter((m) => m.evict).length;
console.log(`${out}: ${frames} snapshots, ${frames ? nlv : 0} lruvecs (${frames ? busy : 0} busy), ${nlines} lines, ${nev} evictions, ${pos} bytes`);
