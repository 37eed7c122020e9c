"""Steps QGIS's temporal filter day by day over shipmap layers, as an analyst moving
the time slider would, and prints which features QGIS shows on each day.

    /usr/bin/python3 scripts/qgis_timeline.py OUT/NAME_legs.geojson OUT/NAME_stops.geojson
    /usr/bin/python3 scripts/qgis_timeline.py OUT/NAME.gpkg        # both layers
    /usr/bin/python3 scripts/qgis_timeline.py OUT/NAME.kml         # both, with NAME.qml

Each layer is loaded the way QGIS desktop 3.22 loads it (default style from the
sidecar .qml or the GeoPackage's layer_styles), the project's temporal range is
printed as "Set to full range" gives it, then every one-day frame of that range is
filtered with the layer's own temporal filter and renderer filter. Needs Debian's
qgis and python3-qgis. Prints, per day, the legs ("route:leg mode") and stops
("route:name") visible.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsDateTimeRange, QgsExpression, QgsFeatureRequest,  # noqa: E402
                       QgsProject, QgsTemporalUtils, QgsVectorLayer,
                       QgsVectorLayerTemporalContext)
from qgis.PyQt.QtCore import QDateTime, Qt  # noqa: E402

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
layers = []
for path in sys.argv[1:]:
    uris = [path]
    if path.endswith((".gpkg", ".kml")):
        uris = [f"{path}|layername=legs", f"{path}|layername=stops"]
    for uri in uris:
        opts = QgsVectorLayer.LayerOptions(project.transformContext(), False)
        vl = QgsVectorLayer(uri, os.path.basename(uri), "ogr", opts)
        if not vl.isValid():
            sys.exit(f"cannot open {uri}")
        vl.loadDefaultStyle()
        project.addMapLayer(vl)
        layers.append(vl)

rng = QgsTemporalUtils.calculateTemporalRangeForProject(project)
print("full range:", rng.begin().toString(Qt.ISODate), "to", rng.end().toString(Qt.ISODate))


def label(f):
    names = f.fields().names()
    get = lambda k: f[k] if k in names else None  # noqa: E731
    if get("kind") == "stop":
        return f"{get('route_id')}:{get('name') or get('Name')}"
    return f"{get('route_id')}:{get('kind')}{get('leg')} {get('mode')}"


day = rng.begin()
while day < rng.end():
    frame = QgsDateTimeRange(day, day.addDays(1), True, False)
    shown = []
    for vl in layers:
        tp = vl.temporalProperties()
        if not tp.isActive():
            shown += [label(f) for f in vl.getFeatures()]
            continue
        ctx = QgsVectorLayerTemporalContext()
        ctx.setLayer(vl)
        flt = tp.createFilterString(ctx, frame)
        rf = vl.renderer().filter(vl.fields()) if vl.renderer() else ""
        full = f"({flt}) AND ({rf})" if rf else flt
        shown += [label(f) for f in vl.getFeatures(QgsFeatureRequest(QgsExpression(full)))]
    print(day.toString("yyyy-MM-dd"), "|", ", ".join(shown))
    day = day.addDays(1)
app.exitQgis()
