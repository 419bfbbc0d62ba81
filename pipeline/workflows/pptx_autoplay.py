"""A PowerPoint movie that starts by itself when its slide opens, optionally looping.

python-pptx writes the timing of a movie that waits for a click (its media node starts on
`<p:cond delay="indefinite"/>`). This is the tree PowerPoint writes for Playback ›
Start: Automatically: the main sequence holds one effect, started with the slide
(`onBegin` of the sequence, delay 0), after the previous one (`afterEffect`), whose
command is the media call `playFrom(0.0)` on the movie. Loop until Stopped is
`repeatCount="indefinite"` on the media node.
"""

from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls

_TIMING = """<p:timing {ns}><p:tnLst><p:par>
<p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>
 <p:seq concurrent="1" nextAc="seek">
  <p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>
   <p:par><p:cTn id="3" fill="hold">
    <p:stCondLst><p:cond delay="indefinite"/><p:cond evt="onBegin" delay="0"><p:tn val="2"/></p:cond></p:stCondLst>
    <p:childTnLst><p:par><p:cTn id="4" fill="hold">
     <p:stCondLst><p:cond delay="0"/></p:stCondLst>
     <p:childTnLst><p:par>
      <p:cTn id="5" presetID="1" presetClass="mediacall" presetSubtype="0" fill="hold" nodeType="afterEffect">
       <p:stCondLst><p:cond delay="0"/></p:stCondLst>
       <p:childTnLst><p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr>
        <p:cTn id="6" dur="{duration_ms}" fill="hold"/>
        <p:tgtEl><p:spTgt spid="{shape_id}"/></p:tgtEl>
       </p:cBhvr></p:cmd></p:childTnLst>
      </p:cTn>
     </p:par></p:childTnLst>
    </p:cTn></p:par></p:childTnLst>
   </p:cTn></p:par>
  </p:childTnLst></p:cTn>
  <p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst>
  <p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst>
 </p:seq>
 <p:video><p:cMediaNode vol="80000">
  <p:cTn id="7" fill="hold" display="0"{repeat}><p:stCondLst><p:cond delay="indefinite"/></p:stCondLst></p:cTn>
  <p:tgtEl><p:spTgt spid="{shape_id}"/></p:tgtEl>
 </p:cMediaNode></p:video>
</p:childTnLst></p:cTn>
</p:par></p:tnLst></p:timing>"""


def autoplay(slide, movie, duration: float, loop: bool = False) -> None:
    """Make `movie` (a shape of `slide` from add_movie) start with the slide, and loop if asked."""
    sld = slide.element
    old = sld.find(f"{{{sld.nsmap['p']}}}timing")
    xml = _TIMING.format(ns=nsdecls("p"), shape_id=movie.shape_id, duration_ms=max(1, round(duration * 1000)),
                         repeat=' repeatCount="indefinite"' if loop else "")
    timing = parse_xml(xml)           # python-pptx's parser drops the blank text between elements
    if old is not None:
        old.addprevious(timing)
        sld.remove(old)
    else:
        sld.insert_element_before(timing, "p:extLst")
