<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: legs categorised by mode (connectors apart), dashed when their dates are
     approximate or estimated. Temporal: from the earliest departure to the end of the
     latest arrival day, inferred along the chain; an open end is open to the
     document's span. -->
<qgis version="3.22.16" styleCategories="Symbology|Temporal">
  <temporal enabled="1" mode="4" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField=""
            startExpression="coalesce(to_datetime(attribute(&apos;depart&apos;)), to_datetime(&apos;2023-09-07T00:00:00&apos;))"
            endExpression="coalesce(if(format_date(to_datetime(attribute(&apos;arrive_latest&apos;)), &apos;HH:mm:ss&apos;) = &apos;00:00:00&apos;, to_datetime(attribute(&apos;arrive_latest&apos;)) + to_interval(&apos;1 day&apos;), to_datetime(attribute(&apos;arrive_latest&apos;))), to_datetime(&apos;2023-10-02T00:00:00&apos;))">
    <fixedRange><start>2023-09-07T00:00:00</start><end>2023-10-02T00:00:00</end></fixedRange>
  </temporal>
  <renderer-v2 type="categorizedSymbol" attr="style" symbollevels="0" forceraster="0" enableorderby="0">
    <categories>
      <category symbol="0" value="sea" label="Sea" render="true"/>
      <category symbol="1" value="rail" label="Rail" render="true"/>
      <category symbol="2" value="road" label="Road" render="true"/>
      <category symbol="3" value="air" label="Air" render="true"/>
      <category symbol="4" value="connector" label="Off-network connector" render="true"/>
    </categories>
    <symbols>
      <symbol name="0" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
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
      <symbol name="1" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
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
      <symbol name="2" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
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
      <symbol name="3" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
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
      <symbol name="4" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
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
</qgis>
