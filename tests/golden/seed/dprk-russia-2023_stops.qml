<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: stops as red dots labelled with name and dates. Temporal: a stop is
     shown from the earliest arrival there to the end of the latest departure day
     from it (origins from the document's start, destinations to its end). -->
<qgis version="3.22.16" styleCategories="Symbology|Labeling|Temporal" labelsEnabled="1">
  <temporal enabled="1" mode="4" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField=""
            startExpression="coalesce(to_datetime(attribute(&apos;arrive&apos;)), to_datetime(&apos;2023-09-07T00:00:00&apos;))"
            endExpression="coalesce(if(format_date(to_datetime(attribute(&apos;depart_latest&apos;)), &apos;HH:mm:ss&apos;) = &apos;00:00:00&apos;, to_datetime(attribute(&apos;depart_latest&apos;)) + to_interval(&apos;1 day&apos;), to_datetime(attribute(&apos;depart_latest&apos;))), to_datetime(&apos;2023-10-02T00:00:00&apos;))">
    <fixedRange><start>2023-09-07T00:00:00</start><end>2023-10-02T00:00:00</end></fixedRange>
  </temporal>
  <renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">
    <symbols>
      <symbol name="0" type="marker" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" type="QString" value="circle"/>
            <Option name="color" type="QString" value="183,28,28,255"/>
            <Option name="outline_color" type="QString" value="255,255,255,255"/>
            <Option name="outline_width" type="QString" value="0.4"/>
            <Option name="size" type="QString" value="3"/>
            <Option name="size_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="&quot;name&quot; || coalesce(&apos;\n&apos; || &quot;date_label&quot;, &apos;&apos;)" isExpression="1" fontSize="9" fontSizeUnit="Point" textColor="30,30,30,255" fontFamily="Noto Sans">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255"/>
      </text-style>
      <placement placement="6" dist="1.5" distUnits="MM"/>
    </settings>
  </labeling>
</qgis>
