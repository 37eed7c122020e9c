<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: the style of NAME.kml in QGIS, applied to both of its layers (QGIS loads
     NAME.qml for each): stops as red dots labelled with name and dates, legs by mode.
     QGIS does not label KML points from the KML's own styles. -->
<qgis version="3.22.16" styleCategories="Symbology|Labeling|Temporal" labelsEnabled="1">
  <temporal enabled="1" mode="4" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField=""
            startExpression="coalesce(to_datetime(attribute(&apos;begin&apos;)), to_datetime(&apos;2023-09-07T00:00:00&apos;))"
            endExpression="coalesce(to_datetime(attribute(&apos;end&apos;)), to_datetime(&apos;2023-10-02T00:00:00&apos;))">
    <fixedRange><start>2023-09-07T00:00:00</start><end>2023-10-02T00:00:00</end></fixedRange>
  </temporal>
  <renderer-v2 type="RuleRenderer" symbollevels="0" forceraster="0" enableorderby="0">
    <rules key="root">
      <rule key="stop" symbol="0" label="Stop" filter="geometry_type($geometry) = &apos;Point&apos;"/>
      <rule key="sea" symbol="1" label="Sea" filter="geometry_type($geometry) = &apos;Line&apos; AND &quot;style&quot; = &apos;sea&apos;"/>
      <rule key="rail" symbol="2" label="Rail" filter="geometry_type($geometry) = &apos;Line&apos; AND &quot;style&quot; = &apos;rail&apos;"/>
      <rule key="road" symbol="3" label="Road" filter="geometry_type($geometry) = &apos;Line&apos; AND &quot;style&quot; = &apos;road&apos;"/>
      <rule key="air" symbol="4" label="Air" filter="geometry_type($geometry) = &apos;Line&apos; AND &quot;style&quot; = &apos;air&apos;"/>
      <rule key="connector" symbol="5" label="Off-network connector" filter="geometry_type($geometry) = &apos;Line&apos; AND &quot;style&quot; = &apos;connector&apos;"/>
    </rules>
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
      <symbol name="1" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" type="QString" value="31,111,181,255"/>
            <Option name="line_width" type="QString" value="0.78"/>
            <Option name="line_width_unit" type="QString" value="MM"/>
            <Option name="line_style" type="QString" value="solid"/>
            <Option name="capstyle" type="QString" value="round"/>
            <Option name="joinstyle" type="QString" value="round"/>
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""/>
              <Option name="properties" type="Map">
                <Option name="outlineStyle" type="Map">
                  <Option name="active" type="bool" value="true"/>
                  <Option name="expression" type="QString" value="CASE WHEN &quot;depart_approx&quot; OR &quot;arrive_approx&quot; OR &quot;depart_estimated&quot; OR &quot;arrive_estimated&quot; THEN &apos;dash&apos; ELSE &apos;solid&apos; END"/>
                  <Option name="type" type="int" value="3"/>
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol name="2" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" type="QString" value="38,38,38,255"/>
            <Option name="line_width" type="QString" value="0.71"/>
            <Option name="line_width_unit" type="QString" value="MM"/>
            <Option name="line_style" type="QString" value="solid"/>
            <Option name="capstyle" type="QString" value="round"/>
            <Option name="joinstyle" type="QString" value="round"/>
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""/>
              <Option name="properties" type="Map">
                <Option name="outlineStyle" type="Map">
                  <Option name="active" type="bool" value="true"/>
                  <Option name="expression" type="QString" value="CASE WHEN &quot;depart_approx&quot; OR &quot;arrive_approx&quot; OR &quot;depart_estimated&quot; OR &quot;arrive_estimated&quot; THEN &apos;dash&apos; ELSE &apos;solid&apos; END"/>
                  <Option name="type" type="int" value="3"/>
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol name="3" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" type="QString" value="196,86,26,255"/>
            <Option name="line_width" type="QString" value="0.64"/>
            <Option name="line_width_unit" type="QString" value="MM"/>
            <Option name="line_style" type="QString" value="solid"/>
            <Option name="capstyle" type="QString" value="round"/>
            <Option name="joinstyle" type="QString" value="round"/>
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""/>
              <Option name="properties" type="Map">
                <Option name="outlineStyle" type="Map">
                  <Option name="active" type="bool" value="true"/>
                  <Option name="expression" type="QString" value="CASE WHEN &quot;depart_approx&quot; OR &quot;arrive_approx&quot; OR &quot;depart_estimated&quot; OR &quot;arrive_estimated&quot; THEN &apos;dash&apos; ELSE &apos;solid&apos; END"/>
                  <Option name="type" type="int" value="3"/>
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol name="4" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" type="QString" value="123,63,160,255"/>
            <Option name="line_width" type="QString" value="0.56"/>
            <Option name="line_width_unit" type="QString" value="MM"/>
            <Option name="line_style" type="QString" value="dash"/>
            <Option name="capstyle" type="QString" value="round"/>
            <Option name="joinstyle" type="QString" value="round"/>
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""/>
              <Option name="properties" type="Map">
                <Option name="outlineStyle" type="Map">
                  <Option name="active" type="bool" value="true"/>
                  <Option name="expression" type="QString" value="CASE WHEN &quot;depart_approx&quot; OR &quot;arrive_approx&quot; OR &quot;depart_estimated&quot; OR &quot;arrive_estimated&quot; THEN &apos;dash&apos; ELSE &apos;solid&apos; END"/>
                  <Option name="type" type="int" value="3"/>
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol name="5" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" type="QString" value="138,138,138,255"/>
            <Option name="line_width" type="QString" value="0.35"/>
            <Option name="line_width_unit" type="QString" value="MM"/>
            <Option name="line_style" type="QString" value="dash"/>
            <Option name="capstyle" type="QString" value="round"/>
            <Option name="joinstyle" type="QString" value="round"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="CASE WHEN geometry_type($geometry) = &apos;Point&apos; THEN &quot;Name&quot; || coalesce(&apos;\n&apos; || &quot;date_label&quot;, &apos;&apos;) END" isExpression="1" fontSize="9" fontSizeUnit="Point" textColor="30,30,30,255" fontFamily="Noto Sans">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255"/>
      </text-style>
      <placement placement="6" dist="1.5" distUnits="MM"/>
    </settings>
  </labeling>
</qgis>
