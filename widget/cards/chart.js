// Monthly spending: an inline SVG bar chart of charges per month (usage and recurring), stacked,
// with a data table as its text alternative. Charges come from /transactions or, where it holds
// only payments (Kazoo 4.3+), from the ledgers; a rollover, payments and adjustments are not
// spending and are left out.
import { clear, dataTable, h, nextId, s } from "../dom.js";
import { TYPE_LABELS, monthBuckets, monthBucketsFromLedgers, niceScale } from "../billing-logic.js";

const TYPES = ["usage", "recurring"]; // stacked bottom to top

export const chartCard = {
  id: "chart",
  title: "Monthly spending",
  wide: true,
  lines: 1,

  async load(ctx, signal) {
    if ((await ctx.store.chargeSource(signal)) === "ledgers") {
      return monthBucketsFromLedgers(await ctx.store.monthUsage(signal));
    }
    return monthBuckets(await ctx.store.rows(signal), { now: ctx.now, months: ctx.months });
  },

  render(body, buckets, ctx, view) {
    const first = ctx.fmt.monthName(buckets[0].key, "long");
    const last = ctx.fmt.monthName(buckets[buckets.length - 1].key, "long");
    const types = TYPES;
    const wrap = h("div", { class: "abw-chart-wrap" });
    const legend = h(
      "ul",
      { class: "abw-legend", "aria-hidden": "true" },
      types.map((t) => h("li", {}, h("span", { class: `abw-swatch abw-seg-${t}` }), TYPE_LABELS[t])),
    );
    const table = dataTable({
      className: "abw-table-compact",
      part: "chart-table",
      caption: "Charges per month by type",
      columns: ["Month", ...types.map((t) => ({ text: TYPE_LABELS[t], num: true })), { text: "Total", num: true }],
      rows: buckets.map((b) => {
          const tr = h(
            "tr",
            {},
            h("th", { scope: "row", text: ctx.fmt.monthName(b.key, "long") }),
            types.map((t) => h("td", { class: "abw-num", text: ctx.fmt.total(b[t]) })),
            h("td", { class: "abw-num", text: ctx.fmt.total(b.total) }),
          );
          tr.dataset.month = b.key;
          tr.dataset.total = String(b.total);
          return tr;
        }),
    });
    body.append(
      h("p", { class: "abw-note", text: `Charges per month by type, ${first} – ${last} (months in UTC, as billed). Payments, refunds, adjustments and the balance carried over are not included.` }),
      wrap,
      legend,
      h("details", { class: "abw-details" }, h("summary", { text: "Show chart data as a table" }), h("div", { class: "abw-table-wrap" }, table)),
    );

    // Draw at the real pixel width so labels keep their size; redraw when the width changes.
    let drawnWidth = 0;
    const draw = () => {
      const width = Math.round(wrap.clientWidth);
      if (!width || Math.abs(width - drawnWidth) < 4) return;
      drawnWidth = width;
      clear(wrap).append(chartSvg(buckets, types, width, ctx));
    };
    if (typeof ResizeObserver === "function") {
      const observer = new ResizeObserver(draw);
      observer.observe(wrap);
      view.onCleanup(() => observer.disconnect());
    }
    draw();
    if (!drawnWidth) wrap.append(chartSvg(buckets, types, 640, ctx));
  },
};

function chartSvg(buckets, types, W, ctx) {
  const narrow = W < 480;
  const H = narrow ? 200 : 240;
  const padL = narrow ? 48 : 64;
  const padR = 8;
  const padT = 12;
  const padB = 28;
  const plotW = W - padL - padR;
  const plotH = H - padT - padB;
  const scale = niceScale(Math.max(0, ...buckets.map((b) => b.total)));
  const y = (v) => padT + plotH - (v / scale.max) * plotH;
  const titleId = nextId("chart-title");
  const descId = nextId("chart-desc");
  const summaryText = buckets.map((b) => `${ctx.fmt.monthName(b.key, "long")}: ${ctx.fmt.total(b.total)}`).join("; ");
  const svg = s(
    "svg",
    { class: "abw-chart-svg", width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `${titleId} ${descId}`, part: "chart-svg" },
    s("title", { id: titleId }, `Charges per month, last ${buckets.length} months`),
    s("desc", { id: descId }, summaryText),
  );
  svg.setAttribute("part", "chart-svg");
  const grid = s("g", { class: "abw-chart-grid", "aria-hidden": "true" });
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    const yy = y(v).toFixed(1);
    grid.append(
      s("line", { x1: padL, x2: W - padR, y1: yy, y2: yy }),
      s("text", { x: padL - 8, y: yy, class: "abw-chart-axis", "text-anchor": "end", "dominant-baseline": "middle" }, ctx.fmt.compact(v)),
    );
  }
  svg.append(grid);
  const slot = plotW / buckets.length;
  const barW = Math.min(64, slot * 0.58);
  buckets.forEach((b, i) => {
    const x = padL + slot * i + (slot - barW) / 2;
    const g = s("g", { class: "abw-chart-bar" });
    g.dataset.month = b.key;
    g.dataset.total = String(b.total);
    const parts = types.map((t) => `${TYPE_LABELS[t].toLowerCase()} ${ctx.fmt.total(b[t])}`).join(", ");
    g.append(s("title", {}, `${ctx.fmt.monthName(b.key, "long")}: ${ctx.fmt.total(b.total)} (${parts})`));
    let acc = 0;
    const segs = types.filter((t) => b[t] > 0);
    segs.forEach((t, k) => {
      const y0 = y(acc);
      acc += b[t];
      const y1 = y(acc);
      const hgt = Math.max(0.5, y0 - y1);
      g.append(
        k === segs.length - 1
          ? s("path", { class: `abw-seg abw-seg-${t}`, d: roundedTop(x, y1, barW, hgt, Math.min(4, hgt)) })
          : s("rect", { class: `abw-seg abw-seg-${t}`, x: x.toFixed(1), y: y1.toFixed(1), width: barW.toFixed(1), height: hgt.toFixed(1) }),
      );
    });
    g.append(s("text", { x: (x + barW / 2).toFixed(1), y: H - padB + 18, class: "abw-chart-axis", "text-anchor": "middle" }, ctx.fmt.monthName(b.key)));
    svg.append(g);
  });
  svg.append(s("line", { class: "abw-chart-baseline", x1: padL, x2: W - padR, y1: y(0), y2: y(0), "aria-hidden": "true" }));
  return svg;
}

/** An SVG path for a bar whose top corners are rounded by r. */
function roundedTop(x, y, w, hgt, r) {
  const f = (n) => n.toFixed(1);
  return `M${f(x)},${f(y + hgt)}V${f(y + r)}Q${f(x)},${f(y)} ${f(x + r)},${f(y)}H${f(x + w - r)}Q${f(x + w)},${f(y)} ${f(x + w)},${f(y + r)}V${f(y + hgt)}Z`;
}
