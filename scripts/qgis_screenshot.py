#!/usr/bin/python3
"""Renders what a QGIS user sees after dropping a shipmap GeoPackage into QGIS:
both layers, with the default styles QGIS finds stored in the file, over QGIS's
bundled world map. Run with Debian's python3 and qgis installed:

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis_screenshot.py out/NAME.gpkg docs/qgis.png
"""
import sys

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsFillSymbol,
                       QgsMapRendererParallelJob, QgsMapSettings, QgsRectangle,
                       QgsSingleSymbolRenderer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main(gpkg, png):
    app = QgsApplication([], False)
    app.initQgis()
    layers = []
    for name in ("stops", "legs"):
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        if not layer.isValid():
            sys.exit(f"QGIS cannot open layer {name} of {gpkg}")
        message, ok = layer.loadDefaultStyle()
        print(f"{name}: {layer.featureCount()} features, default style loaded: {ok} {message}")
        layers.append(layer)
    world = QgsVectorLayer("/usr/share/qgis/resources/data/world_map.gpkg|layername=countries", "world", "ogr")
    world.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "238,236,225", "outline_color": "160,160,160", "outline_width": "0.2"})))
    settings = QgsMapSettings()
    settings.setLayers(layers + [world])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    extent = QgsRectangle(layers[1].extent())
    extent.combineExtentWith(layers[0].extent())
    extent.scale(1.15)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(1200, 600))
    settings.setBackgroundColor(QColor(206, 226, 242))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(png, "PNG")
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
