// SPDX-License-Identifier: GPL-2.0
/*
 * A flame graph on a canvas of our own, from folded stacks
 * ([["a;b;c", samples], ...], outermost frame first). The root ("all") is
 * the bottom row; each frame's callees stand on it, sorted by name; a
 * frame's width is its samples over those of the frame zoomed into (at
 * first the root). Click a frame to zoom into it, a frame below it to zoom
 * back out; hover for its samples and share; search() highlights the
 * frames whose names hold a text and returns their share.
 *
 *   var fg = new FlameGraph(canvas, stacks, { tooltip: div, name: "MGLRU" });
 *   fg.search("page_vma_mapped_walk");   // {samples, share}
 *   fg.zoom(null);                        // back to the root
 *
 * canvas.dataset tells a test what is drawn: total (the root's samples),
 * zoom (the frame zoomed into), zoomSamples, frames (boxes drawn), depth.
 */
"use strict";

(function () {
	var ROW = 17, FONT = "11px ui-monospace, SFMono-Regular, Menlo, monospace";

	function node(name, parent) {
		return { name: name, value: 0, self: 0, parent: parent, kids: null, order: null, depth: parent ? parent.depth + 1 : 0 };
	}

	function build(stacks) {
		var root = node("all", null), maxDepth = 0;
		stacks.forEach(function (e) {
			var frames = e[0].split(";"), n = e[1], cur = root;
			root.value += n;
			for (var i = 0; i < frames.length; i++) {
				if (!cur.kids)
					cur.kids = new Map();
				var k = cur.kids.get(frames[i]);
				if (!k) {
					k = node(frames[i], cur);
					cur.kids.set(frames[i], k);
				}
				k.value += n;
				cur = k;
			}
			cur.self += n;
			if (cur.depth > maxDepth)
				maxDepth = cur.depth;
		});
		(function sort(nd) {
			if (!nd.kids)
				return;
			nd.order = Array.from(nd.kids.values()).sort(function (a, b) {
				return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
			});
			nd.order.forEach(sort);
		})(root);
		return { root: root, depth: maxDepth };
	}

	// a warm colour that depends only on the name, so a function keeps
	// its colour in both modes' graphs
	function colour(name) {
		var h = 0;
		for (var i = 0; i < name.length; i++)
			h = (h * 31 + name.charCodeAt(i)) >>> 0;
		return "hsl(" + (10 + h % 40) + "," + (65 + (h >> 8) % 25) + "%," + (58 + (h >> 16) % 14) + "%)";
	}

	function fmtPct(x) {
		return (x * 100).toFixed(x < 0.001 ? 3 : x < 0.1 ? 2 : 1) + "%";
	}

	function FlameGraph(canvas, stacks, opts) {
		var t = build(stacks || []);
		this.canvas = canvas;
		this.opts = opts || {};
		this.root = t.root;
		this.depth = t.depth;
		this.focus = t.root;
		this.query = "";
		this.boxes = [];
		this.hover = null;
		canvas.style.height = ((this.depth + 1) * ROW + 2) + "px";
		canvas.dataset.total = this.root.value;
		canvas.dataset.depth = this.depth;
		var self = this;
		canvas.addEventListener("mousemove", function (ev) { self.onMove(ev); });
		canvas.addEventListener("mouseleave", function () { self.onLeave(); });
		canvas.addEventListener("click", function (ev) {
			var b = self.hit(ev);
			if (b)
				self.zoom(b.node === self.focus ? b.node.parent : b.node);
		});
		window.addEventListener("resize", function () { self.draw(); });
		this.draw();
	}

	FlameGraph.prototype.hit = function (ev) {
		var r = this.canvas.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
		for (var i = 0; i < this.boxes.length; i++) {
			var b = this.boxes[i];
			if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + ROW)
				return b;
		}
		return null;
	};

	FlameGraph.prototype.matches = function (nd) {
		return this.query !== "" && nd.name.toLowerCase().indexOf(this.query) >= 0;
	};

	// where a frame is drawn now, in CSS pixels (for tests and tools)
	FlameGraph.prototype.boxOf = function (name) {
		for (var i = 0; i < this.boxes.length; i++) {
			if (this.boxes[i].node.name === name)
				return { x: this.boxes[i].x, y: this.boxes[i].y, w: this.boxes[i].w, h: ROW };
		}
		return null;
	};

	FlameGraph.prototype.draw = function () {
		var c = this.canvas, dpr = window.devicePixelRatio || 1;
		var W = c.clientWidth, H = (this.depth + 1) * ROW + 2;
		c.width = Math.max(1, Math.round(W * dpr));
		c.height = Math.round(H * dpr);
		var g = c.getContext("2d");
		g.setTransform(dpr, 0, 0, dpr, 0, 0);
		g.clearRect(0, 0, W, H);
		g.font = FONT;
		g.textBaseline = "middle";
		this.boxes = [];
		var self = this, f = this.focus;
		if (!this.root.value) {
			c.dataset.frames = 0;
			c.dataset.zoom = "all";
			c.dataset.zoomSamples = 0;
			return;
		}
		function box(nd, x, w) {
			var y = H - (nd.depth + 1) * ROW;
			var hit = self.matches(nd);
			g.fillStyle = hit ? "#d53f8c" : nd === self.hover ? "#f6e05e" : colour(nd.name);
			g.fillRect(x, y, Math.max(w - 1, 0.5), ROW - 1);
			if (w > 28) {
				var label = nd.name, room = w - 6;
				if (g.measureText(label).width > room) {
					// cut to what fits, from an estimate
					var n = Math.floor(label.length * room / g.measureText(label).width) - 2;
					while (n > 1 && g.measureText(label.slice(0, n) + "..").width > room)
						n--;
					label = n > 1 ? label.slice(0, n) + ".." : "";
				}
				if (label) {
					g.fillStyle = hit ? "#fff" : "#1a202c";
					g.fillText(label, x + 3, y + ROW / 2);
				}
			}
			self.boxes.push({ x: x, y: y, w: w, node: nd });
		}
		// the frames below the focus (its callers) span the whole width
		for (var a = f.parent; a; a = a.parent)
			box(a, 0, W);
		(function walk(nd, x, w) {
			box(nd, x, w);
			if (!nd.order)
				return;
			var cx = x;
			nd.order.forEach(function (k) {
				var kw = w * k.value / nd.value;
				if (kw >= 0.35)
					walk(k, cx, kw);
				cx += kw;
			});
		})(f, 0, W);
		c.dataset.frames = this.boxes.length;
		c.dataset.zoom = f.name;
		c.dataset.zoomSamples = f.value;
	};

	FlameGraph.prototype.zoom = function (nd) {
		this.focus = nd || this.root;
		this.draw();
	};

	// the samples with a frame whose name holds Q on their stack; a stack
	// with several such frames counts once
	FlameGraph.prototype.search = function (q) {
		this.query = (q || "").toLowerCase();
		var self = this, n = 0;
		if (this.query) {
			(function walk(nd) {
				if (nd !== self.root && self.matches(nd)) {
					n += nd.value;
					return;
				}
				if (nd.order)
					nd.order.forEach(walk);
			})(this.root);
		}
		this.draw();
		this.canvas.dataset.matched = n;
		return { samples: n, share: this.root.value ? n / this.root.value : 0 };
	};

	FlameGraph.prototype.describe = function (nd) {
		var all = this.root.value || 1, s = nd.name + ": " + nd.value + " samples, " + fmtPct(nd.value / all) +
			" of " + (this.opts.name || "all");
		if (this.focus !== this.root && nd !== this.focus && nd.depth > this.focus.depth)
			s += ", " + fmtPct(nd.value / this.focus.value) + " of " + this.focus.name;
		if (nd.self)
			s += "; in itself " + nd.self + " (" + fmtPct(nd.self / all) + ")";
		return s;
	};

	// tooltip div tip shows text beside the pointer, kept inside the window
	function showTip(tip, ev, text) {
		tip.textContent = text;
		tip.hidden = false;
		var x = ev.clientX + 14, y = ev.clientY + 14;
		if (x + tip.offsetWidth > window.innerWidth - 4)
			x = Math.max(4, ev.clientX - tip.offsetWidth - 10);
		tip.style.left = x + "px";
		tip.style.top = y + "px";
	}

	FlameGraph.prototype.onMove = function (ev) {
		var b = this.hit(ev), tip = this.opts.tooltip;
		if ((b ? b.node : null) !== this.hover) {
			this.hover = b ? b.node : null;
			this.draw();
		}
		if (!tip)
			return;
		if (!b) {
			tip.hidden = true;
			return;
		}
		showTip(tip, ev, this.describe(b.node));
	};

	FlameGraph.prototype.onLeave = function () {
		if (this.opts.tooltip)
			this.opts.tooltip.hidden = true;
		if (this.hover) {
			this.hover = null;
			this.draw();
		}
	};

	FlameGraph.fmtPct = fmtPct;
	FlameGraph.showTip = showTip;
	window.FlameGraph = FlameGraph;
})();
