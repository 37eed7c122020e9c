"""What QGIS makes of a shipmap KML: for each layer, the renderer QGIS picks, whether
it labels anything, the OGR style strings GDAL reads from the KML's styles, and
optionally a PNG drawn by QGIS itself.

Run with Debian's /usr/bin/python3 (PyQGIS, GDAL's Python bindings):

    /usr/bin/python3 scripts/kml_in_qgis.py out/NAME.kml [preview.png]

With QGIS 3.22 and GDAL 3.6 (issue 15): both layers get the "embeddedSymbol"
renderer and no labels; the stop style reads as
`SYMBOL(id:"http://...placemark_circle.png",c:#B71C1CFF,s:0.9);LABEL(w:100)`:
the KML LabelStyle becomes a LABEL part with no text, and the icon is a web URL,
which QGIS draws offline as a hollow square.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from osgeo import ogr  # noqa: E402
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main(path, png=None):
    ds = ogr.Open(path)
    if ds is None:
        sys.exit(f"{path}: GDAL cannot open it")
    table = ds.GetStyleTable()
    if table is not None:
        table.ResetStyleStringReading()
        while True:
            style = table.GetNextStyle()
            if style is None:
                break
            print(f"style {table.GetLastStyleName()}: {style}")
    app = QgsApplication([], False)
    app.initQgis()
    layers = []
    for i in range(ds.GetLayerCount()):
        name = ds.GetLayer(i).GetName()
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        renderer = layer.renderer().type() if layer.renderer() else None
        print(
            f"layer {name}: valid {layer.isValid()}, "
            f"{QgsWkbTypes.displayString(layer.wkbType())}, {layer.featureCount()} features, "
            f"renderer {renderer}, labels {layer.labelsEnabled()}"
        )
        layers.append(layer)
    if png and layers:
        QgsProject.instance().addMapLayers(layers)
        settings = QgsMapSettings()
        settings.setLayers(list(reversed(layers)))
        settings.setOutputSize(QSize(900, 500))
        settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        extent = layers[0].extent()
        for layer in layers[1:]:
            extent.combineExtentWith(layer.extent())
        extent.scale(1.1)
        settings.setExtent(extent)
        settings.setBackgroundColor(QColor("white"))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        job.renderedImage().save(png)
        print(f"wrote {png}")
    app.exitQgis()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: kml_in_qgis.py FILE.kml [preview.png]")
    main(*sys.argv[1:])
