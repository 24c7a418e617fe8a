// SPDX-License-Identifier: GPL-2.0
/*
 * The data block's compact columns (schema 3): each lruvec's bands and
 * page records, and the events, are base64 strings of varints, written by
 * report.c (Documentation/guide/report.rst, "The data schema").
 * LRG.decode() turns them into the columns the pictures draw from, once,
 * when the page loads: bands {seq, f0, f1, born_ms, retired_anon_us,
 * retired_file_us}; pages {f, band, anon, file}, grouped by band, each
 * band's in frame order; the events {t_us, kind, lruvec, a, b, c, arg,
 * count}, in time order (count: the evictions a merged one stands for).
 */
"use strict";
var LRG = window.LRG || {};
window.LRG = LRG;

// a reader of varints from a base64 string
LRG.Varints = function (b64) {
	var bin = atob(b64), n = bin.length, bytes = new Uint8Array(n), i;
	for (i = 0; i < n; i++)
		bytes[i] = bin.charCodeAt(i);
	this.b = bytes;
	this.i = 0;
};

LRG.Varints.prototype.left = function () { return this.i < this.b.length; };

// an unsigned value; arithmetic, not shifts: values may pass 2^31
LRG.Varints.prototype.u = function () {
	var v = 0, mul = 1, c;
	do {
		if (this.i >= this.b.length)
			throw new Error("the data block's varints end early");
		c = this.b[this.i++];
		v += (c & 0x7f) * mul;
		mul *= 128;
	} while (c & 0x80);
	return v;
};

// a signed value, zigzag: 0, 1, 2, 3... are 0, -1, 1, -2...
LRG.Varints.prototype.s = function () {
	var z = this.u();
	return z % 2 ? -(z + 1) / 2 : z / 2;
};

// a value that may be unknown: 0 is null, else the zigzag + 1
LRG.Varints.prototype.opt = function () {
	var z = this.u();
	if (!z)
		return null;
	z -= 1;
	return z % 2 ? -(z + 1) / 2 : z / 2;
};

LRG.decodeLruvec = function (data, l) {
	var t = data.t_ms, nb = l.nb, r = new LRG.Varints(l.bands), k, j;
	var b = { seq: [], f0: [], f1: [], born_ms: [], retired_anon_us: [], retired_file_us: [] };
	var seq = 0, f0 = 0;
	for (k = 0; k < nb; k++) {
		seq += r.s();
		f0 += r.s();
		var f1 = f0 + r.u(), age = r.opt(), ra = r.opt(), rf = r.opt();
		b.seq.push(seq);
		b.f0.push(f0);
		b.f1.push(f1);
		b.born_ms.push(age === null ? null : t[f0] - age);
		b.retired_anon_us.push(ra === null ? null : t[f1] * 1000 + ra);
		b.retired_file_us.push(rf === null ? null : t[f1] * 1000 + rf);
	}
	var p = { f: [], band: [], anon: [], file: [] }, q = new LRG.Varints(l.pages);
	for (k = 0; k < nb; k++) {
		var n = q.u(), f = b.f0[k], a = 0, fl = 0;
		for (j = 0; j < n; j++) {
			f += q.s();
			a += q.s();
			fl += q.s();
			p.f.push(f);
			p.band.push(k);
			p.anon.push(a);
			p.file.push(fl);
		}
	}
	if (r.left() || q.left())
		throw new Error("lruvec " + l.path + " node " + l.nid + ": the data block holds more than its " + nb + " bands");
	l.bands = b;
	l.pages = p;
};

// the events: {n, v} to columns {t_us, kind, lruvec, a, b, c, arg, count}
LRG.decodeEvents = function (e) {
	var r = new LRG.Varints(e.v), out = { t_us: [], kind: [], lruvec: [], a: [], b: [], c: [], arg: [], count: [] };
	var t = 0, k;
	for (k = 0; k < e.n; k++) {
		t += r.s();
		out.t_us.push(t);
		out.kind.push(r.u());
		out.lruvec.push(r.u() - 1);
		out.a.push(r.s());
		out.b.push(r.s());
		out.c.push(r.s());
		out.arg.push(r.s());
		out.count.push(r.u());
	}
	if (r.left())
		throw new Error("the data block holds more than its " + e.n + " events");
	return out;
};

// every lruvec's columns and the events, decoded in place
LRG.decode = function (data) {
	data.lruvecs.forEach(function (l) {
		if (typeof l.bands === "string")
			LRG.decodeLruvec(data, l);
	});
	if (data.events && typeof data.events.v === "string")
		data.events = LRG.decodeEvents(data.events);
};
